namespace Fleet.Node.Admin;

/// <summary>
/// Membership of a node that is not in a cluster: itself, always up. Leave and down are refused with an explanation,
/// because there is no cluster to leave.
/// </summary>
/// <param name="self">This node.</param>
public sealed class LocalMembership(ClusterMember self) : IClusterMembership
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ClusterMember>> MembersAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ClusterMember>>([self]);

    /// <inheritdoc />
    public Task<string> LeaveAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"node '{self.Name}' is not part of a cluster (no fleet.cluster transport is running); there is nothing to leave");

    /// <inheritdoc />
    public Task<string> DownAsync(string member, CancellationToken cancellationToken) =>
        member == self.Name || member == self.Address
            ? throw new InvalidOperationException($"node '{self.Name}' is not part of a cluster; stop it with Ctrl-C or SIGTERM instead")
            : throw new KeyNotFoundException($"no cluster member '{member}'; the only member is '{self.Name}'");
}
