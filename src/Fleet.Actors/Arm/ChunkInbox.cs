using System.Collections.Concurrent;
using Fleet.Messages;

namespace Fleet.Actors.Arm;

/// <summary>
/// The one hand-off from actor threads to an arm's servo tick thread: the action queue actor posts accepted chunks,
/// the tick drains and merges them at the start of its next tick. Lock-free, so a post never blocks the tick.
/// </summary>
public sealed class ChunkInbox
{
    private readonly ConcurrentQueue<ActionChunk> _chunks = new();

    /// <summary>Chunks posted so far.</summary>
    public long Posted => Interlocked.Read(ref _posted);

    private long _posted;

    /// <summary>Posts <paramref name="chunk"/> for the next tick; safe from any thread.</summary>
    public void Post(ActionChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _chunks.Enqueue(chunk);
        Interlocked.Increment(ref _posted);
    }

    /// <summary>Takes the oldest posted chunk; called by the tick thread only.</summary>
    public bool TryTake(out ActionChunk chunk) => _chunks.TryDequeue(out chunk!);
}
