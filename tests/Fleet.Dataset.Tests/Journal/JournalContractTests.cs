using Fleet.Dataset.Journal;
using Fleet.Dataset.Tests.Journal.Infrastructure;

namespace Fleet.Dataset.Tests.Journal;

/// <summary>
/// The behaviour every <see cref="IJournal"/> must have, run against each real engine by a subclass
/// (the ChannelTestBase way). Each test gets its own empty store; "reopen" means a new journal instance
/// on the same file or database, as after a process restart.
/// </summary>
public abstract partial class JournalContractTests : IAsyncLifetime
{
    protected static readonly EpisodeKey Ep0 = new("kitchen", "arm-1", 0);
    protected static readonly EpisodeKey Ep1 = new("kitchen", "arm-2", 1);

    private readonly List<IJournal> _opened = [];

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var journal in _opened)
        {
            await journal.DisposeAsync();
        }
    }

    /// <summary>Opens a new journal instance on this test's store (creating it the first time).</summary>
    protected abstract Task<IJournal> OpenStoreAsync();

    /// <summary>Runs SQL on the store directly, bypassing the journal.</summary>
    protected abstract Task<long> ExecuteRawAsync(string sql);

    protected async Task<IJournal> OpenAsync()
    {
        var journal = await OpenStoreAsync();
        lock (_opened)
        {
            _opened.Add(journal);
        }

        return journal;
    }

    protected static async Task<List<FrameRecord>> ReadAllAsync(IJournal journal, EpisodeKey key)
    {
        var frames = new List<FrameRecord>();
        await foreach (var frame in journal.ReadFramesAsync(key, CancellationToken.None))
        {
            frames.Add(frame);
        }

        return frames;
    }

    protected static ValueTask<EpisodeInfo> BeginAsync(IJournal journal, EpisodeKey key) =>
        journal.BeginEpisodeAsync(new EpisodeStart(key, "pick the cube", 30), CancellationToken.None);

    [Fact]
    public async Task BeginEpisodeAsync_NewKey_CreatesRecordingEpisode()
    {
        var journal = await OpenAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var info = await BeginAsync(journal, Ep0);

        Assert.Equal(Ep0, info.Key);
        Assert.Equal(EpisodeState.Recording, info.State);
        Assert.Equal("pick the cube", info.Task);
        Assert.Equal(30, info.Fps);
        Assert.Equal(0, info.FrameCount);
        Assert.Null(info.FinishedAt);
        Assert.InRange(info.StartedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(info, await journal.GetEpisodeAsync(Ep0, CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_BatchesOfTwoEpisodes_ReadBackEqualAndInOrder()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);
        await BeginAsync(journal, Ep1);
        var ep0 = TestFrames.Range(Ep0, 0, 25);
        var ep1 = TestFrames.Range(Ep1, 0, 10);

        await journal.AppendAsync([.. ep0.Take(10), .. ep1.Take(4)], CancellationToken.None);
        await journal.AppendAsync([.. ep1.Skip(4), .. ep0.Skip(10)], CancellationToken.None);

        Assert.Equal(ep0, await ReadAllAsync(journal, Ep0));
        Assert.Equal(ep1, await ReadAllAsync(journal, Ep1));
        var info = await journal.GetEpisodeAsync(Ep0, CancellationToken.None);
        Assert.Equal((25L, 25L), (info!.FrameCount, info.LastSequenceNr));
    }

    [Fact]
    public async Task AppendAsync_UnknownEpisode_ThrowsStateErrorAndWritesNothing()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);

        var error = await Assert.ThrowsAsync<JournalStateException>(() =>
            journal.AppendAsync([TestFrames.Make(Ep0, 0), TestFrames.Make(Ep1, 0)], CancellationToken.None).AsTask());

        Assert.Contains(Ep1.PersistenceId, error.Message);
        Assert.Contains("no such episode", error.Message);
        Assert.Empty(await ReadAllAsync(journal, Ep0));
        Assert.Equal(0, (await journal.GetEpisodeAsync(Ep0, CancellationToken.None))!.FrameCount);
    }

    [Fact]
    public async Task AppendAsync_FrameIndexJournaledTwice_ThrowsAndRollsBackWholeBatch()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);
        await journal.AppendAsync(TestFrames.Range(Ep0, 0, 5), CancellationToken.None);

        var error = await Assert.ThrowsAsync<JournalStateException>(() =>
            journal.AppendAsync(TestFrames.Range(Ep0, 5, 3).Append(TestFrames.Make(Ep0, 2)).ToList(), CancellationToken.None).AsTask());

        Assert.Contains("journaled twice", error.Message);
        Assert.Equal(TestFrames.Range(Ep0, 0, 5), await ReadAllAsync(journal, Ep0));
        Assert.Equal(5, (await journal.GetEpisodeAsync(Ep0, CancellationToken.None))!.FrameCount);
    }

    [Fact]
    public async Task FinishEpisodeAsync_Recording_IsFinishedAfterReopenWithAllFrames()
    {
        var frames = TestFrames.Range(Ep0, 0, 40);
        await using (var first = await OpenStoreAsync())
        {
            await BeginAsync(first, Ep0);
            await first.AppendAsync(frames, CancellationToken.None);
            var finished = await first.FinishEpisodeAsync(Ep0, "ended early by operator", CancellationToken.None);
            Assert.Equal(EpisodeState.Finished, finished.State);
            Assert.NotNull(finished.FinishedAt);
        }

        var reopened = await OpenAsync();

        var info = await reopened.GetEpisodeAsync(Ep0, CancellationToken.None);
        Assert.Equal((EpisodeState.Finished, 40L, "ended early by operator"), (info!.State, info.FrameCount, info.Reason));
        Assert.Equal(frames, await ReadAllAsync(reopened, Ep0));
        Assert.Empty(await reopened.GetInterruptedEpisodesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_FinishedEpisode_ThrowsNamingState()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);
        await journal.FinishEpisodeAsync(Ep0, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<JournalStateException>(() =>
            journal.AppendAsync([TestFrames.Make(Ep0, 0)], CancellationToken.None).AsTask());

        Assert.Contains("it is finished", error.Message);
        Assert.Contains("recording", error.Message);
    }

    [Fact]
    public async Task MarkExportedAsync_StillRecording_ThrowsAndAfterFinishSucceeds()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);

        var error = await Assert.ThrowsAsync<JournalStateException>(() => journal.MarkExportedAsync(Ep0, CancellationToken.None).AsTask());
        Assert.Contains("finished or recovered", error.Message);

        await journal.FinishEpisodeAsync(Ep0, null, CancellationToken.None);
        var exported = await journal.MarkExportedAsync(Ep0, CancellationToken.None);
        Assert.Equal(EpisodeState.Exported, exported.State);
        await Assert.ThrowsAsync<JournalStateException>(() => journal.DiscardEpisodeAsync(Ep0, "too late", CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task BeginEpisodeAsync_ExistingOrTakenIndex_ThrowsStateError()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);

        var again = await Assert.ThrowsAsync<JournalStateException>(() => BeginAsync(journal, Ep0).AsTask());
        var otherArm = await Assert.ThrowsAsync<JournalStateException>(() => BeginAsync(journal, new EpisodeKey("kitchen", "arm-9", 0)).AsTask());

        Assert.Contains("already exists", again.Message);
        Assert.Contains("already taken by kitchen/arm-1/episode-0", otherArm.Message);
        await BeginAsync(journal, new EpisodeKey("garage", "arm-9", 0));
    }

    [Fact]
    public async Task BeginEpisodeAsync_DiscardedEpisode_StartsOverWithoutOldFrames()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);
        await journal.AppendAsync(TestFrames.Range(Ep0, 0, 12), CancellationToken.None);
        var discarded = await journal.DiscardEpisodeAsync(Ep0, "re-recorded by operator", CancellationToken.None);
        Assert.Equal((EpisodeState.Discarded, "re-recorded by operator"), (discarded.State, discarded.Reason));
        Assert.Empty(await ReadAllAsync(journal, Ep0));

        var restarted = await BeginAsync(journal, Ep0);
        await journal.AppendAsync(TestFrames.Range(Ep0, 0, 3), CancellationToken.None);

        Assert.Equal((EpisodeState.Recording, 0L, null), (restarted.State, restarted.FrameCount, restarted.Reason));
        Assert.Equal(TestFrames.Range(Ep0, 0, 3), await ReadAllAsync(journal, Ep0));
    }

    [Fact]
    public async Task GetEpisodesAsync_SeveralDatasets_FiltersAndOrdersByIndex()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, new EpisodeKey("b", "arm-1", 2));
        await BeginAsync(journal, new EpisodeKey("a", "arm-1", 1));
        await BeginAsync(journal, new EpisodeKey("b", "arm-2", 0));

        var all = await journal.GetEpisodesAsync(null, CancellationToken.None);
        var onlyB = await journal.GetEpisodesAsync("b", CancellationToken.None);

        Assert.Equal(["a/arm-1/episode-1", "b/arm-2/episode-0", "b/arm-1/episode-2"], all.Select(e => e.Key.PersistenceId));
        Assert.Equal(["b/arm-2/episode-0", "b/arm-1/episode-2"], onlyB.Select(e => e.Key.PersistenceId));
    }
}
