using System.Diagnostics;
using System.Threading.Channels;

namespace Fleet.Dataset.Journal;

/// <summary>
/// Batches frames from any number of arms into <see cref="IJournal.AppendAsync"/> transactions: a batch is
/// committed when it reaches <see cref="JournalWriterOptions.MaxBatchSize"/> frames or its first frame has
/// waited <see cref="JournalWriterOptions.MaxBatchDelay"/>. Frames are committed in the order written.
/// </summary>
/// <remarks>
/// <para><b>Backpressure.</b> At most <see cref="JournalWriterOptions.Capacity"/> frames wait for the
/// database; beyond that <see cref="WriteAsync"/> waits and <see cref="TryWrite"/> refuses.</para>
/// <para><b>Failure.</b> When a batch fails to commit the writer stops: <see cref="Completion"/> faults with the
/// storage error, pending <see cref="FlushAsync"/> calls throw it, and later writes throw
/// <see cref="JournalWriterStoppedException"/>. Committed batches stay in the journal.</para>
/// <para><b>Ownership.</b> The writer does not own the journal; dispose the writer first (which commits what is
/// queued), then the journal.</para>
/// </remarks>
public sealed class JournalWriter : IAsyncDisposable
{
    private readonly IJournal _journal;
    private readonly JournalWriterOptions _options;
    private readonly Channel<Item> _queue;
    private readonly Task _loop;
    private volatile Exception? _fault;
    private long _committedFrames;
    private long _committedBatches;

    /// <summary>Starts a writer in front of <paramref name="journal"/>.</summary>
    /// <param name="journal">Where batches go.</param>
    /// <param name="options">Batching and capacity.</param>
    /// <exception cref="ArgumentOutOfRangeException">Batch size or capacity below 1, or a negative delay.</exception>
    public JournalWriter(IJournal journal, JournalWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EffectiveBatchDelay, TimeSpan.Zero, nameof(options));
        _journal = journal;
        _options = options;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the writer has stopped: successfully after <see cref="DisposeAsync"/>, faulted with the storage error after a failed batch.</summary>
    public Task Completion => _loop;

    /// <summary>Frames committed so far.</summary>
    public long CommittedFrames => Interlocked.Read(ref _committedFrames);

    /// <summary>Transactions committed so far.</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>Queues a frame, waiting while <see cref="JournalWriterOptions.Capacity"/> frames are already queued.</summary>
    /// <param name="frame">The frame; its episode must be recording when its batch commits.</param>
    /// <param name="cancellationToken">Cancels the wait for room; the frame is then not queued.</param>
    /// <returns>A task that completes when the frame is queued (not yet committed: see <see cref="FlushAsync"/>).</returns>
    /// <exception cref="JournalWriterStoppedException">The writer stopped after a failed batch, or was disposed.</exception>
    public async ValueTask WriteAsync(FrameRecord frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ThrowIfStopped();
        try
        {
            await _queue.Writer.WriteAsync(new Item(frame, null), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw Stopped();
        }
    }

    /// <summary>Queues a frame if there is room, without waiting: for a real-time recorder that counts frames it could not journal.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>True when queued; false when <see cref="JournalWriterOptions.Capacity"/> frames are already waiting.</returns>
    /// <exception cref="JournalWriterStoppedException">The writer stopped after a failed batch, or was disposed.</exception>
    public bool TryWrite(FrameRecord frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ThrowIfStopped();
        return _queue.Writer.TryWrite(new Item(frame, null));
    }

    /// <summary>Returns once every frame queued before this call is committed.</summary>
    /// <param name="cancellationToken">Stops waiting (the frames are still committed in the background).</param>
    /// <returns>A task that completes after the commit.</returns>
    /// <exception cref="JournalWriterStoppedException">The writer stopped before those frames were committed; the inner exception is the storage error.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfStopped();
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Item(null, flushed), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw Stopped();
        }

        await flushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Commits the episode's queued frames, then finishes it durably (<see cref="IJournal.FinishEpisodeAsync"/>).</summary>
    /// <param name="key">The episode.</param>
    /// <param name="reason">Why it ended early, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The finished episode row.</returns>
    /// <exception cref="JournalWriterStoppedException">Frames could not be committed; the episode stays recording and is recovered on the next start.</exception>
    public async ValueTask<EpisodeInfo> FinishEpisodeAsync(EpisodeKey key, string? reason, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return await _journal.FinishEpisodeAsync(key, reason, cancellationToken);
    }

    /// <summary>Stops accepting frames, commits what is queued, and waits for the writer to stop.</summary>
    /// <returns>A task that completes when the last batch is committed.</returns>
    /// <exception cref="JournalStorageException">The last batches could not be committed (or a <see cref="JournalStateException"/>: the error that stopped the writer is rethrown).</exception>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<FrameRecord>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                await FillAndCommitAsync(reader, batch);
            }
        }
        catch (Exception exception)
        {
            Stop(exception);
            FailQueued(reader, batch.Count, exception);
            throw;
        }
    }

    /// <summary>Collects one batch (committing early for flush requests) and commits it when full or due.</summary>
    private async Task FillAndCommitAsync(ChannelReader<Item> reader, List<FrameRecord> batch)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var item))
            {
                if (item.Flushed is { } flushed)
                {
                    await CommitForFlushAsync(batch, flushed);
                }
                else
                {
                    batch.Add(item.Frame!);
                }
            }

            var remaining = _options.EffectiveBatchDelay - Stopwatch.GetElapsedTime(started);
            if (batch.Count == 0 || batch.Count >= _options.MaxBatchSize || remaining <= TimeSpan.Zero
                || !await WaitForMoreAsync(reader, remaining))
            {
                await CommitAsync(batch);
                return;
            }
        }
    }

    private static async Task<bool> WaitForMoreAsync(ChannelReader<Item> reader, TimeSpan remaining)
    {
        using var deadline = new CancellationTokenSource(remaining);
        try
        {
            return await reader.WaitToReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task CommitForFlushAsync(List<FrameRecord> batch, TaskCompletionSource flushed)
    {
        try
        {
            await CommitAsync(batch);
            flushed.TrySetResult();
        }
        catch (Exception exception)
        {
            // Stop before waking the flusher, so that whatever it does next already sees the writer stopped.
            Stop(exception);
            flushed.TrySetException(Stopped(exception, batch.Count));
            throw;
        }
    }

    private async Task CommitAsync(List<FrameRecord> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await _journal.AppendAsync(batch, CancellationToken.None);
        Interlocked.Add(ref _committedFrames, batch.Count);
        Interlocked.Increment(ref _committedBatches);
        batch.Clear();
    }

    private void Stop(Exception exception)
    {
        Interlocked.CompareExchange(ref _fault, exception, null);
        _queue.Writer.TryComplete(exception);
    }

    private void FailQueued(ChannelReader<Item> reader, int lostInBatch, Exception exception)
    {
        var lost = lostInBatch;
        while (reader.TryRead(out var item))
        {
            if (item.Flushed is { } flushed)
            {
                flushed.TrySetException(Stopped(exception, lost));
            }
            else
            {
                lost++;
            }
        }
    }

    private void ThrowIfStopped()
    {
        if (_fault is not null)
        {
            throw Stopped();
        }
    }

    private JournalWriterStoppedException Stopped() =>
        _fault is null
            ? new JournalWriterStoppedException($"The journal writer for {_journal.Description} was disposed; frames can no longer be written to it.", null)
            : Stopped(_fault, null);

    private JournalWriterStoppedException Stopped(Exception fault, int? lost) =>
        new(
            $"The journal writer for {_journal.Description} stopped: {fault.Message}" +
            (lost is { } n ? $" {n} queued frames were not journaled." : string.Empty) +
            $" {CommittedFrames} frames were committed before.",
            fault);

    private readonly record struct Item(FrameRecord? Frame, TaskCompletionSource? Flushed);
}
