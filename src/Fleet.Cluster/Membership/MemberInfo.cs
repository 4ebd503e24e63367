using Fleet.Messages;

namespace Fleet.Cluster.Membership;

/// <summary>One row of the membership table, as <c>fleet broker show</c> prints it. Immutable snapshot.</summary>
/// <param name="Node">Node name.</param>
/// <param name="Incarnation">The node's current incarnation (changes on restart).</param>
/// <param name="Status">Lifecycle status as this node sees it.</param>
/// <param name="Roles">Configured roles.</param>
/// <param name="Arms">Arms it drives.</param>
/// <param name="Workers">Policy workers it hosts.</param>
/// <param name="Load">Its last reported load, 0..1.</param>
/// <param name="Phi">Current suspicion level of the failure detector (0 for this node itself).</param>
/// <param name="LastHeartbeat">When its last heartbeat arrived (local clock), UTC.</param>
public sealed record MemberInfo(
    string Node,
    string Incarnation,
    MemberStatus Status,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Arms,
    IReadOnlyList<string> Workers,
    double Load,
    double Phi,
    DateTimeOffset LastHeartbeat);

/// <summary>A member moved from one status to another; published on the node's EventStream.</summary>
/// <param name="Node">The member.</param>
/// <param name="From">Previous status.</param>
/// <param name="To">New status.</param>
/// <param name="Reason">Why, for people (e.g. "φ 8.3 ≥ 8 after 4.6 s of silence").</param>
public sealed record MemberStatusChanged(string Node, MemberStatus From, MemberStatus To, string Reason);
