using Fleet.Cluster.Membership;

namespace Fleet.Cluster;

/// <summary>A node's place in the cluster; binds HOCON <c>fleet.node</c> (name, roles) and <c>fleet.cluster</c>.</summary>
/// <param name="Node">Unique node name (queue names derive from it).</param>
/// <param name="Roles">Roles: <c>robot</c>, <c>policy</c>, or both.</param>
/// <param name="HeartbeatInterval">How often this node says it is alive (1 s, as Akka.Cluster). Shorter detects failures sooner and costs broker traffic.</param>
/// <param name="FailureDetector">φ-accrual parameters used for every other member.</param>
public sealed record ClusterNodeOptions(
    string Node,
    IReadOnlyList<string> Roles,
    TimeSpan? HeartbeatInterval = null,
    PhiAccrualFailureDetectorOptions? FailureDetector = null)
{
    /// <summary>The heartbeat interval in force.</summary>
    public TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? TimeSpan.FromSeconds(1);
}

/// <summary>What a node reports about its work in each heartbeat.</summary>
/// <param name="Arms">Arm ids it drives.</param>
/// <param name="Workers">Policy workers it hosts.</param>
/// <param name="Load">Busy fraction of its workers, 0..1.</param>
public sealed record NodeLoad(IReadOnlyList<string> Arms, IReadOnlyList<string> Workers, double Load)
{
    /// <summary>Nothing to report.</summary>
    public static NodeLoad Idle { get; } = new([], [], 0);
}
