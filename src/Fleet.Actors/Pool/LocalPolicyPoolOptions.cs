namespace Fleet.Actors.PolicyPool;

/// <summary>
/// How the local policy pool queues and batches requests for one policy.
/// </summary>
/// <param name="Workers">Worker actors (each with its own policy instance); more workers run batches concurrently.</param>
/// <param name="QueueCapacity">Requests waiting per policy before new ones are refused with an error reply
/// (backpressure the arm sees as a failed request; it asks again).</param>
/// <param name="MaxBatch">Most requests one worker predicts in one call. 1 turns batching off.</param>
/// <param name="MaxWait">How long a request may wait for others to fill a batch while a worker is idle. Zero sends
/// each request at once; a few milliseconds trades latency for batch size when many arms ask together.</param>
public sealed record LocalPolicyPoolOptions(int Workers = 2, int QueueCapacity = 256, int MaxBatch = 8, TimeSpan MaxWait = default)
{
    /// <summary>Checks the values; the message names the key under <c>fleet.policies.NAME.pool</c>.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public LocalPolicyPoolOptions Validate()
    {
        if (Workers < 1) throw new ArgumentException($"pool.workers = {Workers} must be at least 1.");
        if (QueueCapacity < 1) throw new ArgumentException($"pool.queue-capacity = {QueueCapacity} must be at least 1.");
        if (MaxBatch < 1) throw new ArgumentException($"pool.max-batch = {MaxBatch} must be at least 1.");
        if (MaxWait < TimeSpan.Zero) throw new ArgumentException($"pool.max-wait = {MaxWait} must not be negative.");
        return this;
    }
}
