using Fleet.Dataset.Journal;
using Fleet.Dataset.Tests.Journal.Infrastructure;

namespace Fleet.Dataset.Tests.Journal;

/// <summary>Batching, backpressure and failure of <see cref="JournalWriter"/> over a real SQLite journal.</summary>
public sealed class JournalWriterTests : IAsyncLifetime
{
    private static readonly EpisodeKey Episode = new("kitchen", "arm-1", 0);
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-writer-").FullName;
    private SqliteJournal _journal = null!;

    private string DatabasePath => Path.Combine(_folder, "journal.db");

    public async Task InitializeAsync()
    {
        _journal = await SqliteJournal.OpenAsync(DatabasePath, CancellationToken.None);
        await _journal.BeginEpisodeAsync(new EpisodeStart(Episode, "stack", 30), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WriteAsync_FewerFramesThanBatch_CommittedAfterDelayWithoutFlush()
    {
        await using var writer = new JournalWriter(_journal, new JournalWriterOptions(MaxBatchSize: 1000, MaxBatchDelay: TimeSpan.FromMilliseconds(20)));

        await writer.WriteAsync(TestFrames.Make(Episode, 0), CancellationToken.None);
        await writer.WriteAsync(TestFrames.Make(Episode, 1), CancellationToken.None);

        await Eventually.TrueAsync(() => writer.CommittedFrames == 2, "both frames are committed by the batch timer");
        Assert.Equal(2, (await _journal.GetEpisodeAsync(Episode, CancellationToken.None))!.FrameCount);
    }

    [Fact]
    public async Task TryWrite_StorageStalled_RefusesOnceCapacityIsQueuedThenCatchesUp()
    {
        var writer = new JournalWriter(_journal, new JournalWriterOptions(MaxBatchSize: 8, MaxBatchDelay: TimeSpan.Zero, Capacity: 16));
        var written = 0;
        await using (await SqliteWriteLockHolder.TakeAsync(DatabasePath))
        {
            while (written < 1000 && writer.TryWrite(TestFrames.Make(Episode, written)))
            {
                written++;
            }

            Assert.InRange(written, 16, 16 + 8);
            Assert.Equal(0, writer.CommittedFrames);
        }

        await writer.FlushAsync(CancellationToken.None);
        await writer.DisposeAsync();
        Assert.Equal(written, writer.CommittedFrames);
        Assert.Equal(TestFrames.Range(Episode, 0, written), await ReadAllAsync());
    }

    [Fact]
    public async Task FlushAsync_BatchRejected_ThrowsStoppedWithCauseAndWriterRefusesMore()
    {
        var unknown = new EpisodeKey("kitchen", "arm-7", 7);
        var writer = new JournalWriter(_journal, new JournalWriterOptions());
        await writer.WriteAsync(TestFrames.Make(Episode, 0), CancellationToken.None);
        await writer.WriteAsync(TestFrames.Make(unknown, 0), CancellationToken.None);

        var flush = await Assert.ThrowsAsync<JournalWriterStoppedException>(() => writer.FlushAsync(CancellationToken.None).AsTask());
        var write = await Assert.ThrowsAsync<JournalWriterStoppedException>(() => writer.WriteAsync(TestFrames.Make(Episode, 1), CancellationToken.None).AsTask());

        Assert.IsType<JournalStateException>(flush.InnerException);
        Assert.Contains("kitchen/arm-7/episode-7", flush.Message);
        Assert.Same(flush.InnerException, write.InnerException);
        await Assert.ThrowsAsync<JournalStateException>(() => writer.Completion);
        Assert.Empty(await ReadAllAsync());
    }

    [Fact]
    public async Task DisposeAsync_QueuedFrames_CommitsThemBeforeReturning()
    {
        var writer = new JournalWriter(_journal, new JournalWriterOptions(MaxBatchSize: 50, MaxBatchDelay: TimeSpan.FromMinutes(5)));
        foreach (var frame in TestFrames.Range(Episode, 0, 120))
        {
            await writer.WriteAsync(frame, CancellationToken.None);
        }

        await writer.DisposeAsync();

        Assert.Equal(TestFrames.Range(Episode, 0, 120), await ReadAllAsync());
        Assert.Equal(3, writer.CommittedBatches);
        await Assert.ThrowsAsync<JournalWriterStoppedException>(() => writer.WriteAsync(TestFrames.Make(Episode, 120), CancellationToken.None).AsTask());
    }

    private async Task<List<FrameRecord>> ReadAllAsync()
    {
        var frames = new List<FrameRecord>();
        await foreach (var frame in _journal.ReadFramesAsync(Episode, CancellationToken.None))
        {
            frames.Add(frame);
        }

        return frames;
    }
}
