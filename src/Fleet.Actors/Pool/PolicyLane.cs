using Fleet.Actors.Arm;

namespace Fleet.Actors.PolicyPool;

/// <summary>
/// INTERNAL API. The queue and idle workers of one policy inside <see cref="LocalPolicyPool"/>: a bounded FIFO of
/// requests, the workers that are free, and the counters. Not thread-safe: the pool actor owns it.
/// </summary>
internal sealed class PolicyLane(string policy, LocalPolicyPoolOptions options)
{
    private readonly Queue<PendingRequest> _queue = new();
    private readonly Queue<IActorRef> _idle = new();
    private readonly LatencyHistogram _queueWait = new();
    private readonly LatencyHistogram _batchTime = new();
    private readonly long[] _batchSizes = new long[Math.Max(1, options.MaxBatch) + 1];
    private readonly Dictionary<IActorRef, DateTimeOffset> _busySince = new();

    public string Policy { get; } = policy;

    public LocalPolicyPoolOptions Options { get; } = options;

    public int Workers { get; private set; }

    public int Queued => _queue.Count;

    public bool HasIdleWorker => _idle.Count > 0;

    public long Served { get; private set; }

    public long Failed { get; private set; }

    public long Rejected { get; private set; }

    public long Expired { get; private set; }

    public long Batches { get; private set; }

    public void AddWorker(IActorRef worker)
    {
        Workers++;
        _idle.Enqueue(worker);
    }

    /// <summary>Queues <paramref name="request"/>; false (and counted) when the queue is full.</summary>
    public bool TryEnqueue(PendingRequest request)
    {
        if (_queue.Count >= Options.QueueCapacity)
        {
            Rejected++;
            return false;
        }
        _queue.Enqueue(request);
        return true;
    }

    /// <summary>True when a batch should leave now rather than wait for more requests.</summary>
    public bool BatchIsFull => _queue.Count >= Options.MaxBatch || Options.MaxWait <= TimeSpan.Zero;

    /// <summary>Takes an idle worker and up to max-batch unexpired requests; false when either is missing.</summary>
    public bool TryTakeBatch(DateTimeOffset now, out IActorRef worker, out PredictBatch batch)
    {
        worker = null!;
        batch = null!;
        var requests = new List<PendingRequest>(Math.Min(_queue.Count, Options.MaxBatch));
        if (_idle.Count == 0) return false;
        while (requests.Count < Options.MaxBatch && _queue.TryDequeue(out var next))
        {
            if (next.Request.Deadline <= now) { Expired++; continue; }
            _queueWait.Record((long)(now - next.QueuedAt).TotalMicroseconds);
            requests.Add(next);
        }
        if (requests.Count == 0) return false;
        worker = _idle.Dequeue();
        _busySince[worker] = now;
        _batchSizes[Math.Min(requests.Count, _batchSizes.Length - 1)]++;
        batch = new PredictBatch(requests);
        Batches++;
        return true;
    }

    /// <summary>A worker is free again after answering <paramref name="served"/> and failing <paramref name="failed"/>.</summary>
    public void OnBatchDone(IActorRef worker, int served, int failed)
    {
        Served += served;
        Failed += failed;
        if (_busySince.Remove(worker, out var since)) _batchTime.Record((long)(DateTimeOffset.UtcNow - since).TotalMicroseconds);
        _idle.Enqueue(worker);
    }

    public PolicyPoolStats Stats() => new(Policy, Workers, Workers - _idle.Count, _queue.Count, Served, Failed, Rejected, Expired, Batches)
    {
        QueueWait = HistogramBuckets.From(_queueWait, HistogramBuckets.LatencyBounds),
        BatchLatency = HistogramBuckets.From(_batchTime, HistogramBuckets.LatencyBounds),
        BatchSizes = (long[])_batchSizes.Clone(),
    };
}
