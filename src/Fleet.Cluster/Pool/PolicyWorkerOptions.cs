namespace Fleet.Cluster.Pool;

/// <summary>
/// One policy worker on a policy node; binds HOCON <c>fleet.cluster.pool</c> plus the worker's policy.
/// </summary>
/// <param name="Policy">Policy name: which request queue to consume (<c>fleet.policy.{Policy}.requests</c>).</param>
/// <param name="Worker">This worker's name in replies and heartbeats, e.g. <c>gpu-1/act-0</c>.</param>
/// <param name="MaxBatch">
/// Most requests run through the policy at once; also the consumer's prefetch, so a worker never holds more than it
/// can start on. Bigger batches raise throughput (one forward pass for many arms) but a request may wait for the
/// batch's slowest member.
/// </param>
/// <param name="MaxWait">
/// How long the first request of a batch waits for company before the batch runs anyway. Zero batches only what is
/// already waiting; longer fills batches under light load at the cost of that much latency.
/// </param>
/// <param name="RequestDeadline">Queue-wide expiry of the request queue; must equal the robots' setting (queue arguments must match).</param>
/// <param name="MaxQueueLength">Most requests waiting in the request queue before publishes are refused; must equal the robots' setting.</param>
public sealed record PolicyWorkerOptions(
    string Policy,
    string Worker,
    int MaxBatch = 8,
    TimeSpan? MaxWait = null,
    TimeSpan? RequestDeadline = null,
    int MaxQueueLength = 256)
{
    /// <summary>The batching wait in force (5 ms by default).</summary>
    public TimeSpan EffectiveMaxWait => MaxWait ?? TimeSpan.FromMilliseconds(5);

    /// <summary>The request queue expiry in force (2 s by default).</summary>
    public TimeSpan EffectiveRequestDeadline => RequestDeadline ?? TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a leaving worker waits for the batch it holds to finish (<c>fleet.cluster.pool.leave-timeout</c>).
    /// Null or zero: the request deadline, past which nobody waits for those replies anyway. A batch still running then
    /// is abandoned unacknowledged, so the broker gives its requests to another worker.
    /// </summary>
    public TimeSpan? LeaveTimeout { get; init; }

    /// <summary>
    /// Decode JPEG frames into pixel arrays the worker reuses once the policy returned (<see cref="Fleet.Messages.Wire.FrameBuffers"/>)
    /// instead of two fresh large-object arrays per 2-camera request. On by default; a policy that keeps frames after
    /// <c>PredictAsync</c> returns (none of Fleet's do) would need it off.
    /// </summary>
    public bool ReuseFrameBuffers { get; init; } = true;

    /// <summary>
    /// While a batch waits for company (<see cref="MaxWait"/>), decode the requests already received instead of after
    /// the wait, so the wait hides their JPEG work. On by default; off only to measure what it saves.
    /// </summary>
    public bool DecodeWhileGathering { get; init; } = true;

    /// <summary>The leave bound in force: <see cref="LeaveTimeout"/> when positive, else <see cref="EffectiveRequestDeadline"/>.</summary>
    public TimeSpan EffectiveLeaveTimeout => LeaveTimeout is { } t && t > TimeSpan.Zero ? t : EffectiveRequestDeadline;
}
