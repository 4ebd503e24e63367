using Fleet.Actors;

namespace Fleet.Node.Admin;

/// <summary>What the admin API reads and steers: the node's actors and the cluster and recorder interfaces.</summary>
/// <param name="NodeName">The node's name (<c>fleet.node.name</c>).</param>
/// <param name="System">The node's actor system (hierarchy snapshots).</param>
/// <param name="Fleet">The fleet supervisor (arm status, e-stop, resume, frames).</param>
/// <param name="Pool">The policy pool (its counters), or null when the node has none.</param>
/// <param name="Cluster">Membership and leave/down.</param>
/// <param name="Episodes">Recording episodes and start/stop.</param>
/// <param name="Logs">The node's recent log lines.</param>
public sealed record AdminContext(
    string NodeName, ActorSystem System, IActorRef Fleet, IActorRef? Pool, IClusterMembership Cluster, IEpisodeControl Episodes, LogRing Logs)
{
    /// <summary>How long a query waits for the actors before the API answers 503.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
