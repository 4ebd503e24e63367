namespace Fleet.Messages;

/// <summary>
/// Asks a policy pool (local router or remote RabbitMQ pool: the same protocol) for one action chunk.
/// The pool answers the sender with exactly one <see cref="PredictChunkReply"/>, or with none when the
/// deadline passed first (the arm's client then counts the request as lost and may re-request).
/// </summary>
/// <param name="RequestId">Per-arm request number, increasing; the reply carries it back.</param>
/// <param name="Policy">Name of the pool to serve it (the arm's configured policy name).</param>
/// <param name="Observation">The filtered observation, stamped with its timestep.</param>
/// <param name="Deadline">After this instant (UTC) nobody waits for the answer: the pool drops the request unserved.</param>
public sealed record PredictChunk(long RequestId, string Policy, Observation Observation, DateTimeOffset Deadline);

/// <summary>
/// The pool's answer to one <see cref="PredictChunk"/>: a chunk, or an error text for people.
/// </summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="ArmId">The arm that asked.</param>
/// <param name="Chunk">The chunk, starting at the observation's timestep; null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why no chunk was computed (bad input, policy failure); null on success.</param>
/// <param name="Worker">Which worker served it (e.g. <c>local/worker-2</c>, <c>gpu-node-1/act-0</c>), for inspection.</param>
public sealed record PredictChunkReply(long RequestId, string ArmId, ActionChunk? Chunk, string? Error, string Worker)
{
    /// <summary>True when a chunk came back.</summary>
    public bool Succeeded => Chunk is not null;
}
