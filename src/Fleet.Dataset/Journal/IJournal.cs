namespace Fleet.Dataset.Journal;

/// <summary>
/// The crash-safe episode journal: every recorded frame goes to SQL as it happens, so a killed process or
/// a power cut never loses a finished episode and leaves an interrupted one recoverable up to its last
/// committed batch. Implemented by <see cref="SqliteJournal"/> (default, a local file) and
/// <see cref="PostgresJournal"/> (labs).
/// </summary>
/// <remarks>
/// <para>Each method is one transaction: it either happens completely or not at all. Methods may be called
/// concurrently; writes are serialized by the engine.</para>
/// <para>Storage failures (disk full, read-only folder, server gone) surface as
/// <see cref="JournalStorageException"/>; operations that do not fit an episode's state as
/// <see cref="JournalStateException"/>. In both cases nothing of the failed call was written.</para>
/// <para>Frames are normally written through a <see cref="JournalWriter"/>, which batches them.</para>
/// </remarks>
public interface IJournal : IAsyncDisposable
{
    /// <summary>Human-readable name of the journal for logs and errors, e.g. <c>SQLite /data/journal.db</c>.</summary>
    string Description { get; }

    /// <summary>Creates the episode in <see cref="EpisodeState.Recording"/>.</summary>
    /// <param name="start">Key, task and rate of the episode.</param>
    /// <param name="cancellationToken">Cancels the call; the episode is then not created.</param>
    /// <returns>The new episode row.</returns>
    /// <exception cref="JournalStateException">
    /// An episode with this key exists and is not <see cref="EpisodeState.Discarded"/>, or another arm holds
    /// this episode index in the dataset. Beginning a discarded episode starts it over and drops its old frames.
    /// </exception>
    ValueTask<EpisodeInfo> BeginEpisodeAsync(EpisodeStart start, CancellationToken cancellationToken);

    /// <summary>
    /// Journals a batch of frames, possibly of several episodes, in one transaction. Returns after the commit.
    /// </summary>
    /// <param name="frames">Frames in order; each episode must be <see cref="EpisodeState.Recording"/>.</param>
    /// <param name="cancellationToken">Cancels the call; then no frame of the batch is written.</param>
    /// <returns>A task that completes when the batch is committed.</returns>
    /// <exception cref="JournalStateException">An episode of the batch is unknown or not recording, or a frame index was already journaled.</exception>
    /// <exception cref="JournalStorageException">The storage failed; no frame of the batch was written.</exception>
    ValueTask AppendAsync(IReadOnlyList<FrameRecord> frames, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a recording episode <see cref="EpisodeState.Finished"/> and returns only once that is durable:
    /// after a power cut right after this returns, the episode and all its journaled frames are still there.
    /// </summary>
    /// <param name="key">The episode.</param>
    /// <param name="reason">Why it ended, when not by running its full time (e.g. "ended early by operator"); else null.</param>
    /// <param name="cancellationToken">Cancels the call; the episode then stays recording.</param>
    /// <returns>The updated episode row.</returns>
    /// <exception cref="JournalStateException">The episode is unknown or not recording.</exception>
    ValueTask<EpisodeInfo> FinishEpisodeAsync(EpisodeKey key, string? reason, CancellationToken cancellationToken);

    /// <summary>Marks a finished or recovered episode <see cref="EpisodeState.Exported"/> (written into the dataset).</summary>
    /// <param name="key">The episode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated episode row.</returns>
    /// <exception cref="JournalStateException">The episode is unknown or neither finished nor recovered.</exception>
    ValueTask<EpisodeInfo> MarkExportedAsync(EpisodeKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Discards a recording, finished or recovered episode with a reason (operator re-records it, or recovery
    /// judged it unusable). Its frames are marked deleted and no longer read.
    /// </summary>
    /// <param name="key">The episode.</param>
    /// <param name="reason">Why, for the log and <c>fleet episode list</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated episode row.</returns>
    /// <exception cref="JournalStateException">The episode is unknown, already exported or already discarded.</exception>
    ValueTask<EpisodeInfo> DiscardEpisodeAsync(EpisodeKey key, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the episodes a crash left in <see cref="EpisodeState.Recording"/>, each with the frames that can
    /// be kept (frame 0 up to the last journaled tick). Call at start, before recording anything, then
    /// resolve each with <see cref="MarkRecoveredAsync"/> or <see cref="DiscardEpisodeAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The interrupted episodes in order of their start.</returns>
    ValueTask<IReadOnlyList<InterruptedEpisode>> GetInterruptedEpisodesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks an interrupted (recording) episode <see cref="EpisodeState.Recovered"/>, keeping its first
    /// <paramref name="keptFrames"/> frames; later rows are marked deleted.
    /// </summary>
    /// <param name="key">The episode.</param>
    /// <param name="keptFrames">How many frames, from frame 0, the exporter keeps (usually <c>Frames.Count</c> of the <see cref="InterruptedEpisode"/>).</param>
    /// <param name="reason">What happened, e.g. "process killed; kept 412 frames up to the last journaled tick".</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated episode row.</returns>
    /// <exception cref="JournalStateException">The episode is unknown or not recording.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keptFrames"/> is negative or more than were journaled.</exception>
    ValueTask<EpisodeInfo> MarkRecoveredAsync(EpisodeKey key, long keptFrames, string reason, CancellationToken cancellationToken);

    /// <summary>Gets one episode row.</summary>
    /// <param name="key">The episode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The row, or null when the journal has no such episode.</returns>
    ValueTask<EpisodeInfo?> GetEpisodeAsync(EpisodeKey key, CancellationToken cancellationToken);

    /// <summary>Lists episodes (for <c>fleet episode list</c>), ordered by dataset and episode index.</summary>
    /// <param name="dataset">Only this dataset; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The episode rows.</returns>
    ValueTask<IReadOnlyList<EpisodeInfo>> GetEpisodesAsync(string? dataset, CancellationToken cancellationToken);

    /// <summary>Reads an episode's journaled frames (not deleted) in frame order.</summary>
    /// <param name="key">The episode.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The frames, decoded.</returns>
    /// <exception cref="JournalPayloadException">A row cannot be decoded.</exception>
    IAsyncEnumerable<FrameRecord> ReadFramesAsync(EpisodeKey key, CancellationToken cancellationToken);
}
