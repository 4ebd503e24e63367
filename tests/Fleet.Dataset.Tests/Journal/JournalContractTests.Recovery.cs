using Fleet.Dataset.Journal;
using Fleet.Dataset.Tests.Journal.Infrastructure;

namespace Fleet.Dataset.Tests.Journal;

/// <summary>Recovery of episodes left recording, and the schema migrations, for every engine.</summary>
public abstract partial class JournalContractTests
{
    [Fact]
    public async Task GetInterruptedEpisodesAsync_AfterReopen_ReturnsRecordingEpisodeWithItsFrames()
    {
        var frames = TestFrames.Range(Ep1, 0, 33);
        await using (var crashed = await OpenStoreAsync())
        {
            await BeginAsync(crashed, Ep0);
            await crashed.AppendAsync(TestFrames.Range(Ep0, 0, 5), CancellationToken.None);
            await crashed.FinishEpisodeAsync(Ep0, null, CancellationToken.None);
            await BeginAsync(crashed, Ep1);
            await crashed.AppendAsync(frames, CancellationToken.None);
        }

        var journal = await OpenAsync();
        var interrupted = Assert.Single(await journal.GetInterruptedEpisodesAsync(CancellationToken.None));

        Assert.Equal(Ep1, interrupted.Episode.Key);
        Assert.Equal(EpisodeState.Recording, interrupted.Episode.State);
        Assert.Equal(frames, interrupted.Frames);
        Assert.Null(interrupted.StoppedBecause);
    }

    [Fact]
    public async Task MarkRecoveredAsync_KeepsPrefix_DropsLaterFramesAndRecordsReason()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);
        await journal.AppendAsync(TestFrames.Range(Ep0, 0, 20), CancellationToken.None);

        var recovered = await journal.MarkRecoveredAsync(Ep0, 15, "process killed; kept 15 frames", CancellationToken.None);

        Assert.Equal((EpisodeState.Recovered, 15L, 15L), (recovered.State, recovered.FrameCount, recovered.LastSequenceNr));
        Assert.Equal("process killed; kept 15 frames", recovered.Reason);
        Assert.Equal(TestFrames.Range(Ep0, 0, 15), await ReadAllAsync(journal, Ep0));
        Assert.Empty(await journal.GetInterruptedEpisodesAsync(CancellationToken.None));
        Assert.Equal(EpisodeState.Exported, (await journal.MarkExportedAsync(Ep0, CancellationToken.None)).State);
    }

    [Fact]
    public async Task MarkRecoveredAsync_MoreFramesThanJournaled_ThrowsOutOfRange()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);
        await journal.AppendAsync(TestFrames.Range(Ep0, 0, 4), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            journal.MarkRecoveredAsync(Ep0, 5, "kept all", CancellationToken.None).AsTask());

        Assert.Contains("journaled only 4 frames", error.Message);
        Assert.Equal(EpisodeState.Recording, (await journal.GetEpisodeAsync(Ep0, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task GetInterruptedEpisodesAsync_GapOrDamagedRow_StopsBeforeItAndSaysWhy()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);
        await BeginAsync(journal, Ep1);
        await journal.AppendAsync([.. TestFrames.Range(Ep0, 0, 10), .. TestFrames.Range(Ep1, 0, 10)], CancellationToken.None);
        Assert.Equal(1, await ExecuteRawAsync($"DELETE FROM journal WHERE persistence_id = '{Ep0.PersistenceId}' AND sequence_nr = 7"));
        Assert.Equal(1, await ExecuteRawAsync($"UPDATE journal SET manifest = 'frame.v9' WHERE persistence_id = '{Ep1.PersistenceId}' AND sequence_nr = 4"));

        var interrupted = await journal.GetInterruptedEpisodesAsync(CancellationToken.None);

        var gap = interrupted.Single(e => e.Episode.Key == Ep0);
        Assert.Equal(TestFrames.Range(Ep0, 0, 6), gap.Frames);
        Assert.Contains("frame 6 is missing", gap.StoppedBecause);
        var damaged = interrupted.Single(e => e.Episode.Key == Ep1);
        Assert.Equal(TestFrames.Range(Ep1, 0, 3), damaged.Frames);
        Assert.Contains("'frame.v9'", damaged.StoppedBecause);
    }

    [Fact]
    public async Task DiscardEpisodeAsync_Interrupted_LeavesNoInterruptedAndKeepsReason()
    {
        var journal = await OpenAsync();
        await BeginAsync(journal, Ep0);
        await journal.AppendAsync(TestFrames.Range(Ep0, 0, 2), CancellationToken.None);

        await journal.DiscardEpisodeAsync(Ep0, "interrupted after 2 frames; too short to keep", CancellationToken.None);

        Assert.Empty(await journal.GetInterruptedEpisodesAsync(CancellationToken.None));
        var info = await journal.GetEpisodeAsync(Ep0, CancellationToken.None);
        Assert.Equal((EpisodeState.Discarded, "interrupted after 2 frames; too short to keep"), (info!.State, info.Reason));
    }

    [Fact]
    public async Task OpenAsync_Twice_AppliesEachMigrationOnce()
    {
        await (await OpenStoreAsync()).DisposeAsync();
        var journal = await OpenAsync();

        Assert.Equal(2, await ExecuteRawAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(2, await ExecuteRawAsync("SELECT MAX(version) FROM schema_version"));
        await BeginAsync(journal, Ep0);
    }

    [Fact]
    public async Task OpenAsync_SeveralAtOnceOnNewStore_MigrateExactlyOnce()
    {
        var journals = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(OpenAsync)));

        Assert.Equal(2, await ExecuteRawAsync("SELECT COUNT(*) FROM schema_version"));
        await BeginAsync(journals[3], Ep0);
        Assert.NotNull(await journals[0].GetEpisodeAsync(Ep0, CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanBuild_ThrowsSchemaFaultNamingVersions()
    {
        await (await OpenStoreAsync()).DisposeAsync();
        await ExecuteRawAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (7, 'from the future', 0)");

        var error = await Assert.ThrowsAsync<JournalStorageException>(OpenStoreAsync);

        Assert.Equal(JournalStorageFault.Schema, error.Kind);
        Assert.Contains("schema version 7, newer than this Fleet build knows (2)", error.Message);
    }

    [Fact]
    public async Task JournalWriter_ManyArmsConcurrently_CommitsEveryFrameInBatches()
    {
        var journal = await OpenAsync();
        var arms = Enumerable.Range(0, 6).Select(i => new EpisodeKey("fleet", $"arm-{i}", i)).ToList();
        foreach (var arm in arms)
        {
            await BeginAsync(journal, arm);
        }

        await using (var writer = new JournalWriter(journal, new JournalWriterOptions(MaxBatchSize: 64, Capacity: 32)))
        {
            await Task.WhenAll(arms.Select(arm => Task.Run(async () =>
            {
                for (var i = 0; i < 150; i++)
                {
                    await writer.WriteAsync(TestFrames.Make(arm, i), CancellationToken.None);
                }
            })));
            foreach (var arm in arms)
            {
                await writer.FinishEpisodeAsync(arm, null, CancellationToken.None);
            }

            Assert.Equal(900, writer.CommittedFrames);
            Assert.InRange(writer.CommittedBatches, 900 / 64, 899);
        }

        foreach (var arm in arms)
        {
            Assert.Equal(TestFrames.Range(arm, 0, 150), await ReadAllAsync(journal, arm));
            Assert.Equal(EpisodeState.Finished, (await journal.GetEpisodeAsync(arm, CancellationToken.None))!.State);
        }
    }
}
