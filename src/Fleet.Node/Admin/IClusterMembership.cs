namespace Fleet.Node.Admin;

/// <summary>One member of the cluster as the admin API shows it (<c>GET /api/cluster</c>, <c>fleet cluster show</c>).</summary>
/// <param name="Name">The node's name (<c>fleet.node.name</c>).</param>
/// <param name="Address">Where it is reached (its admin URL, or the cluster transport address).</param>
/// <param name="Roles">Its roles (robot, policy).</param>
/// <param name="Status">"up", "leaving", "exiting", "down" or "unreachable".</param>
/// <param name="IsSelf">True for the node answering.</param>
public sealed record ClusterMember(string Name, string Address, IReadOnlyList<string> Roles, string Status, bool IsSelf);

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
}
