using Fleet.Node.Admin;
using JournalEpisode = Fleet.Dataset.Journal.EpisodeInfo;

namespace Fleet.Node.Recording;

/// <summary>
/// The admin API's view of a recording session's episodes (<c>GET /api/episodes</c>, <c>fleet episode list</c>),
/// read from the journal catalog: each episode's journal state (recording, finished, exported, recovered, discarded)
/// and, for the episodes this start's crash recovery handled, what it did and why (a recovered episode is exported
/// right away, so its journal state alone would no longer say so). Episodes are started and stopped by the session itself
/// (<c>fleet demo --record</c>, <c>fleet record</c>), so start and stop through the API are refused with that reason.
/// </summary>
/// <param name="catalog">The session's catalog.</param>
public sealed class CatalogEpisodeControl(IEpisodeCatalog catalog) : IEpisodeControl
{
    private const string Driven =
        "episodes on this node are driven by its recording session (fleet demo --record or fleet record); use that session's keys or options";

    /// <inheritdoc />
    public async Task<IReadOnlyList<EpisodeInfo>> EpisodesAsync(CancellationToken cancellationToken)
    {
        var episodes = await catalog.ListAsync(dataset: null, cancellationToken);
        var recovery = catalog.Recovered.ToDictionary(r => r.Key);
        return episodes.OrderBy(e => e.StartedAt).ThenBy(e => e.Key.EpisodeIndex)
            .Select(e => ToAdmin(e, recovery.GetValueOrDefault(e.Key))).ToList();
    }

    /// <inheritdoc />
    public Task<EpisodeInfo> StartAsync(string armId, string? task, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Driven);

    /// <inheritdoc />
    public Task<EpisodeInfo> StopAsync(string armId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Driven);

    /// <summary>One journal row as the admin API shows it; the state is the journal's, in lower case.</summary>
    /// <param name="episode">The journal row.</param>
    /// <param name="recovery">What crash recovery did to it at this start, or null.</param>
    public static EpisodeInfo ToAdmin(JournalEpisode episode, RecoveryOutcome? recovery)
    {
        var end = episode.FinishedAt ?? DateTimeOffset.UtcNow;
        return new EpisodeInfo(episode.Key.EpisodeIndex, episode.Key.ArmId, episode.Task, episode.State.ToString().ToLowerInvariant(),
            episode.FrameCount, DroppedFrames: 0, episode.StartedAt, end - episode.StartedAt)
        {
            Dataset = episode.Key.Dataset,
            Reason = recovery is null ? episode.Reason : $"{recovery.Action} after a crash: {recovery.Reason}",
        };
    }
}
