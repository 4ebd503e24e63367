using Fleet.Messages;

namespace Fleet.Actors.PolicyPool;

/// <summary>INTERNAL API. A batch the pool hands to one worker; each request keeps its sender for the reply.</summary>
/// <param name="Requests">The requests, oldest first.</param>
public sealed record PredictBatch(IReadOnlyList<PendingRequest> Requests);

/// <summary>INTERNAL API. A queued request and whom to answer.</summary>
/// <param name="Request">The request.</param>
/// <param name="ReplyTo">The arm's policy client.</param>
/// <param name="QueuedAt">When the pool received it (for queue-time figures).</param>
public sealed record PendingRequest(PredictChunk Request, IActorRef ReplyTo, DateTimeOffset QueuedAt);

/// <summary>Asks the pool for its counters; the reply is a <see cref="PoolStats"/>.</summary>
public sealed record GetPoolStats;

/// <summary>The pool's counters per policy.</summary>
/// <param name="Policies">One entry per policy, by name.</param>
public sealed record PoolStats(IReadOnlyList<PolicyPoolStats> Policies);

/// <summary>The counters of one policy's queue and workers.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Workers">Workers.</param>
/// <param name="Busy">Workers running a batch now.</param>
/// <param name="Queued">Requests waiting.</param>
/// <param name="Served">Requests answered with a chunk.</param>
/// <param name="Failed">Requests answered with an error by the policy.</param>
/// <param name="Rejected">Requests refused because the queue was full.</param>
/// <param name="Expired">Requests dropped unanswered because their deadline passed while queued.</param>
/// <param name="Batches">Batches run.</param>
public sealed record PolicyPoolStats(
    string Policy, int Workers, int Busy, int Queued, long Served, long Failed, long Rejected, long Expired, long Batches)
{
    /// <summary>Mean requests per batch.</summary>
    public double MeanBatch => Batches == 0 ? 0 : (Served + Failed) / (double)Batches;

    /// <summary>Time requests waited in the queue before a worker took them, or null when not measured.</summary>
    public Arm.HistogramBuckets? QueueWait { get; init; }

    /// <summary>Time a worker took per batch (inference), or null when not measured.</summary>
    public Arm.HistogramBuckets? BatchLatency { get; init; }

    /// <summary>Batches run by size: element <c>n</c> counts batches of <c>n</c> requests (the last element: max-batch or more).</summary>
    public IReadOnlyList<long> BatchSizes { get; init; } = [];
}
