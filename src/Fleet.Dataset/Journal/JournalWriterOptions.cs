namespace Fleet.Dataset.Journal;

/// <summary>Batching and backpressure of a <see cref="JournalWriter"/>; meant to be bound from the HOCON section <c>fleet.journal.writer</c> by the node.</summary>
/// <param name="MaxBatchSize">
/// Frames per transaction at most. Larger batches mean fewer fsyncs (faster) but more frames lost on a
/// crash mid-batch. 30 Hz × 8 arms is 240 frames/s, so 256 is about one second of a full station.
/// </param>
/// <param name="MaxBatchDelay">
/// How long the first frame of a batch may wait for more before the batch is committed anyway: the most
/// recording a power cut can take from an unfinished episode (plus one commit). Default 100 ms.
/// </param>
/// <param name="Capacity">
/// Frames buffered ahead of the database at most. When full, <see cref="JournalWriter.WriteAsync"/> waits and
/// <see cref="JournalWriter.TryWrite"/> returns false, so a slow disk slows the recorder instead of growing memory.
/// </param>
public sealed record JournalWriterOptions(int MaxBatchSize = 256, TimeSpan? MaxBatchDelay = null, int Capacity = 8192)
{
    /// <summary><see cref="MaxBatchDelay"/> with its default applied.</summary>
    public TimeSpan EffectiveBatchDelay => MaxBatchDelay ?? TimeSpan.FromMilliseconds(100);
}
