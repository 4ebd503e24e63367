namespace Fleet.Cluster.Membership;

/// <summary>
/// Decides from heartbeat arrivals whether a monitored member is still there. Time comes from an injectable
/// <see cref="TimeProvider"/> (monotonic timestamps), so tests drive it without sleeping. Not thread-safe: one owner
/// (the <see cref="ClusterMembership"/> table, under its lock) feeds and asks it.
/// </summary>
public abstract class FailureDetector(TimeProvider clock)
{
    /// <summary>The clock heartbeats are timed by.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>True once a first heartbeat arrived.</summary>
    public abstract bool IsMonitoring { get; }

    /// <summary>Records a heartbeat arriving now.</summary>
    public abstract void HeartBeat();

    /// <summary>True while the member is considered alive (always true before the first heartbeat).</summary>
    public abstract bool IsAvailable { get; }

    /// <summary>Elapsed time on <see cref="Clock"/> since <paramref name="timestamp"/>, in milliseconds.</summary>
    protected double MillisecondsSince(long timestamp) => Clock.GetElapsedTime(timestamp).TotalMilliseconds;
}
