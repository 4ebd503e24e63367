namespace Fleet.Cluster.Pool;

/// <summary>What a <see cref="PolicyWorkerHost"/> did; thread-safe monotonic counters for logs and <c>fleet policy pool</c>.</summary>
public sealed class WorkerCounters
{
    private long _served, _batches, _failed, _expired, _poison, _redelivered;

    /// <summary>Requests answered with a chunk.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Policy forward passes run.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Requests answered with an error (bad input for this policy, policy failure).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Requests dropped unserved because their deadline had passed when the worker got to them.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Malformed or poison messages moved to the dead-letter queue.</summary>
    public long DeadLettered => Interlocked.Read(ref _poison);

    /// <summary>Deliveries that another worker had received before (it died or left without acknowledging).</summary>
    public long Redelivered => Interlocked.Read(ref _redelivered);

    internal void CountServed(int n) => Interlocked.Add(ref _served, n);
    internal void CountBatch() => Interlocked.Increment(ref _batches);
    internal void CountFailed(int n) => Interlocked.Add(ref _failed, n);
    internal void CountExpired() => Interlocked.Increment(ref _expired);
    internal void CountDeadLettered() => Interlocked.Increment(ref _poison);
    internal void CountRedelivered() => Interlocked.Increment(ref _redelivered);

    /// <inheritdoc />
    public override string ToString() =>
        $"served {Served} in {Batches} batches, failed {Failed}, expired {Expired}, dead-lettered {DeadLettered}, redelivered {Redelivered}";
}
