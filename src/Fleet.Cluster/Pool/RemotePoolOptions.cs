namespace Fleet.Cluster.Pool;

/// <summary>
/// The robot side of the remote pool; binds HOCON <c>fleet.cluster.pool</c>.
/// </summary>
/// <param name="Node">This node's name: replies come back to <c>fleet.node.{Node}.replies</c>.</param>
/// <param name="RequestDeadline">Request queue expiry; must equal the policy nodes' setting (queue arguments must match).</param>
/// <param name="MaxQueueLength">Request queue length cap; must equal the policy nodes' setting.</param>
public sealed record RemotePoolOptions(string Node, TimeSpan? RequestDeadline = null, int MaxQueueLength = 256)
{
    /// <summary>The request queue expiry in force (2 s by default).</summary>
    public TimeSpan EffectiveRequestDeadline => RequestDeadline ?? TimeSpan.FromSeconds(2);
}
