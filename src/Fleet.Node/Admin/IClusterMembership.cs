namespace Fleet.Node.Admin;

/// <summary>One member of the cluster as the admin API shows it (<c>GET /api/cluster</c>, <c>fleet cluster show</c>).</summary>
/// <param name="Name">The node's name (<c>fleet.node.name</c>).</param>
/// <param name="Address">Where it is reached (its admin URL, or the cluster transport address).</param>
/// <param name="Roles">Its roles (robot, policy).</param>
/// <param name="Status">"up", "leaving", "exiting", "down" or "unreachable".</param>
/// <param name="IsSelf">True for the node answering.</param>
public sealed record ClusterMember(string Name, string Address, IReadOnlyList<string> Roles, string Status, bool IsSelf)
{
    /// <summary>The arms it drives, as its last heartbeat said (empty when unknown).</summary>
    public IReadOnlyList<string> Arms { get; init; } = [];

    /// <summary>The policy workers it hosts, as its last heartbeat said (empty when unknown).</summary>
    public IReadOnlyList<string> Workers { get; init; } = [];

    /// <summary>Its workers' busy fraction, 0..1, from its last heartbeat.</summary>
    public double Load { get; init; }

    /// <summary>The failure detector's suspicion of it (0 for this node; Down at the threshold, 8 by default).</summary>
    public double Phi { get; init; }
}

/// <summary>
/// The cluster layer as the admin API needs it: who the members are, and the leave/down commands. The cluster helper
/// implements it over its membership; until then a node reports only itself (<see cref="LocalMembership"/>).
/// </summary>
public interface IClusterMembership
{
    /// <summary>The members known to this node, this node included.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<ClusterMember>> MembersAsync(CancellationToken cancellationToken);

    /// <summary>Makes this node leave the cluster gracefully.</summary>
    /// <param name="cancellationToken">Cancels the request (not the leave once started).</param>
    /// <returns>What happened, in a sentence for the operator.</returns>
    Task<string> LeaveAsync(CancellationToken cancellationToken);

    /// <summary>Marks the member named <paramref name="member"/> down.</summary>
    /// <param name="member">The member's name or address.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What happened, in a sentence for the operator.</returns>
    /// <exception cref="KeyNotFoundException">No member has that name or address.</exception>
    Task<string> DownAsync(string member, CancellationToken cancellationToken);

    /// <summary>Broadcasts a fleet-wide STOP: every arm of every node holds (or drops torque) until a RESUME.</summary>
    /// <param name="reason">Why, for every node's log and arm status.</param>
    /// <param name="disableTorque">Drop torque instead of holding position.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What happened, in a sentence for the operator.</returns>
    /// <exception cref="InvalidOperationException">This node is not in a cluster.</exception>
    Task<string> StopFleetAsync(string reason, bool disableTorque, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("this node is not part of a cluster (fleet.cluster.enabled = false): there is no fleet-wide STOP; stop single arms with `fleet arm stop`");

    /// <summary>Broadcasts a fleet-wide RESUME, lifting a STOP on every node.</summary>
    /// <param name="reason">Why it is safe to move again.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What happened, in a sentence for the operator.</returns>
    /// <exception cref="InvalidOperationException">This node is not in a cluster.</exception>
    Task<string> ResumeFleetAsync(string reason, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("this node is not part of a cluster (fleet.cluster.enabled = false): there is no fleet-wide STOP to lift");
}
