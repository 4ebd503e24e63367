using Fleet.Dataset.Journal;
using Fleet.Node.Recording;

namespace Fleet.Node.Tests.Recording;

// `fleet episode list` must say which episodes crash recovery kept or discarded (issue 5, §8).
public sealed class CatalogEpisodeControlTests
{
    private sealed class ListCatalog(IReadOnlyList<RecoveryOutcome> recovered, params EpisodeInfo[] episodes) : IEpisodeCatalog
    {
        public ListCatalog(params EpisodeInfo[] episodes) : this([], episodes) { }

        public ValueTask<IReadOnlyList<EpisodeInfo>> ListAsync(string? dataset, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<EpisodeInfo>>(episodes.Where(e => dataset is null || e.Key.Dataset == dataset).ToList());

        public IReadOnlyList<RecoveryOutcome> Recovered => recovered;
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static EpisodeInfo Episode(long index, EpisodeState state, long frames, string? reason, int startSecond) =>
        new(new EpisodeKey("demo", "arm-1", index), "put the cube in the box", 30, state, T0.AddSeconds(startSecond),
            T0.AddSeconds(startSecond + 2), frames, frames, reason);

    [Fact]
    public async Task EpisodesAsync_RecoveredAndDiscardedEpisodes_SayWhichAndWhyInStartOrder()
    {
        var control = new CatalogEpisodeControl(new ListCatalog(
            Episode(2, EpisodeState.Discarded, 0, "no frame was journaled before the crash", 20),
            Episode(0, EpisodeState.Exported, 60, null, 0),
            Episode(1, EpisodeState.Recovered, 42, "interrupted: kept 42 journaled frames, videos cut to match", 10)));

        var episodes = await control.EpisodesAsync(CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], episodes.Select(e => e.Index));
        Assert.Equal(["exported", "recovered", "discarded"], episodes.Select(e => e.State));
        Assert.Equal("interrupted: kept 42 journaled frames, videos cut to match", episodes[1].Reason);
        Assert.Equal(42, episodes[1].Frames);
        Assert.Equal("arm-1", episodes[1].ArmId);
        Assert.Equal("demo", episodes[1].Dataset);
        Assert.Equal(TimeSpan.FromSeconds(2), episodes[1].Duration);
        Assert.Null(episodes[0].Reason);
    }

    [Fact]
    public async Task EpisodesAsync_EpisodeRecoveredAtThisStartThenExported_SaysItWasRecoveredAndWhy()
    {
        var key = new EpisodeKey("demo", "arm-1", 1);
        var control = new CatalogEpisodeControl(new ListCatalog(
            [new RecoveryOutcome(key, "recovered", 42, "kept 42 journaled frames")],
            Episode(1, EpisodeState.Exported, 42, null, 0)));

        var episode = Assert.Single(await control.EpisodesAsync(CancellationToken.None));

        Assert.Equal("exported", episode.State);
        Assert.Equal("recovered after a crash: kept 42 journaled frames", episode.Reason);
    }

    [Fact]
    public async Task StartAndStop_ThroughTheApi_AreRefusedNamingTheRecordingSession()
    {
        var control = new CatalogEpisodeControl(new ListCatalog());

        var start = await Assert.ThrowsAsync<InvalidOperationException>(() => control.StartAsync("arm-1", null, CancellationToken.None));
        var stop = await Assert.ThrowsAsync<InvalidOperationException>(() => control.StopAsync("arm-1", CancellationToken.None));

        Assert.Contains("recording session", start.Message);
        Assert.Contains("fleet record", stop.Message);
    }
}
