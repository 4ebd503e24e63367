namespace Fleet.Messages;

/// <summary>A member's lifecycle, as Akka.Cluster names it. Transitions only move forward (see Fleet.Cluster.Membership).</summary>
public enum MemberStatus
{
    /// <summary>Heard from, not yet confirmed by a second heartbeat.</summary>
    Joining,
    /// <summary>Serving.</summary>
    Up,
    /// <summary>Asked to leave: a policy node stops taking new requests and finishes its batch.</summary>
    Leaving,
    /// <summary>Finished its work and about to disconnect.</summary>
    Exiting,
    /// <summary>Declared dead (failure detector or <c>fleet broker down</c>); its work is redelivered to others.</summary>
    Down,
    /// <summary>Gone from the membership table.</summary>
    Removed,
}

/// <summary>
/// What a node tells the cluster every heartbeat interval: who it is, what it runs and how busy it is.
/// </summary>
/// <param name="Node">Node name (unique in the cluster).</param>
/// <param name="Incarnation">Changes on every start of the node, so a restarted node counts as a new member.</param>
/// <param name="Sequence">Heartbeat counter of this incarnation, from 1.</param>
/// <param name="SentAt">Sender's clock when sent, UTC.</param>
/// <param name="Roles">Configured roles (<c>robot</c>, <c>policy</c>).</param>
/// <param name="Arms">Arm ids this node drives.</param>
/// <param name="Workers">Policy workers this node hosts, e.g. <c>gpu-1/act-0</c>.</param>
/// <param name="Load">Busy fraction of its workers, 0..1.</param>
/// <param name="Status">The status the node reports for itself (Joining, Up, Leaving or Exiting).</param>
public sealed record MemberHeartbeat(
    string Node,
    string Incarnation,
    ulong Sequence,
    DateTimeOffset SentAt,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Arms,
    IReadOnlyList<string> Workers,
    double Load,
    MemberStatus Status)
{
    /// <summary>
    /// The last fleet-wide STOP this node applied, when that is its last fleet-wide command (at most one of
    /// <see cref="LastStop"/> and <see cref="LastResume"/> is set). Heartbeats carry it so that a node that starts or
    /// comes back after a broadcast learns the fleet's state from any member.
    /// </summary>
    public FleetStop? LastStop { get; init; }

    /// <summary>The last fleet-wide RESUME this node applied, when that is its last fleet-wide command.</summary>
    public FleetResume? LastResume { get; init; }
}

/// <summary>What an operator asks of a member.</summary>
public enum MemberCommandKind
{
    /// <summary>Leave gracefully: stop consuming, finish in-flight work, then exit.</summary>
    Leave,
    /// <summary>Mark as down now: every node stops counting on it.</summary>
    Down,
}

/// <summary>An operator's command for one member, broadcast to the whole cluster (<c>fleet broker leave|down</c>).</summary>
/// <param name="Target">The node it is about.</param>
/// <param name="Kind">Leave or down.</param>
/// <param name="Origin">Who asked.</param>
public sealed record MemberCommand(string Target, MemberCommandKind Kind, string Origin);
