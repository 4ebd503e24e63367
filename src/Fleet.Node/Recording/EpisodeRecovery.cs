using Fleet.Actors.Recording;
using Fleet.Dataset.Journal;
using Fleet.Dataset.Video;

namespace Fleet.Node.Recording;

/// <summary>
/// Start-up recovery of one dataset's journal, before anything new is recorded:
/// <list type="number">
/// <item>episodes <see cref="EpisodeState.Finished"/> but not exported (the process died during an export) are exported;</item>
/// <item>episodes left <see cref="EpisodeState.Recording"/> (the process was killed mid-episode) keep their frames up to
/// the last journaled tick, further cut to what every camera's video prefix holds; their videos are cut to match
/// (<c>ffmpeg -frames:v</c>), they are marked recovered and exported;</item>
/// <item>an episode with nothing usable (no frames, no readable video, or an index the dataset cannot take) is discarded.</item>
/// </list>
/// Every decision is written to the log and kept in the journal (state and reason), where <c>fleet episode list</c> reads it.
/// </summary>
public static class EpisodeRecovery
{
    /// <summary>Runs recovery for the episodes of <paramref name="dataset"/> in <paramref name="journal"/>.</summary>
    /// <param name="journal">The journal.</param>
    /// <param name="exporter">The exporter into the dataset.</param>
    /// <param name="dataset">The dataset's name in journal keys.</param>
    /// <param name="segmentsFolder">Where the videos of unexported episodes are.</param>
    /// <param name="log">Receives one line per episode.</param>
    /// <param name="cancellationToken">Cancels recovery (what was done stays done).</param>
    /// <returns>What was done, in episode order.</returns>
    /// <exception cref="IOException">Writing a recovered episode into the dataset failed.</exception>
    public static async Task<IReadOnlyList<RecoveryOutcome>> RunAsync(
        IJournal journal, EpisodeExporter exporter, string dataset, string segmentsFolder, TextWriter log, CancellationToken cancellationToken)
    {
        var outcomes = new List<RecoveryOutcome>();
        var interrupted = (await journal.GetInterruptedEpisodesAsync(cancellationToken).ConfigureAwait(false))
            .Where(e => e.Episode.Key.Dataset == dataset).ToDictionary(e => e.Episode.Key);
        var unexported = (await journal.GetEpisodesAsync(dataset, cancellationToken).ConfigureAwait(false))
            .Where(e => e.State is EpisodeState.Finished or EpisodeState.Recovered || interrupted.ContainsKey(e.Key))
            .OrderBy(e => e.Key.EpisodeIndex).ToList();
        foreach (var episode in unexported)
        {
            var outcome = interrupted.TryGetValue(episode.Key, out var crashed)
                ? await RecoverInterruptedAsync(journal, exporter, crashed, segmentsFolder, cancellationToken).ConfigureAwait(false)
                : await ExportFinishedAsync(journal, exporter, episode, segmentsFolder, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
            await log.WriteLineAsync(outcome.ToString()).ConfigureAwait(false);
        }
        return outcomes;
    }

    private static async Task<RecoveryOutcome> RecoverInterruptedAsync(
        IJournal journal, EpisodeExporter exporter, InterruptedEpisode crashed, string segmentsFolder, CancellationToken ct)
    {
        var key = crashed.Episode.Key;
        var spec = exporter.Dataset.Spec;
        long kept = crashed.Frames.Count;
        var limitedBy = crashed.StoppedBecause is null ? "the last journaled tick" : crashed.StoppedBecause;
        foreach (var camera in spec.Cameras)
        {
            var readable = await SegmentCutter.ReadableFramesAsync(RecorderSettings.SegmentPath(segmentsFolder, key, camera.Name), ct).ConfigureAwait(false);
            if (readable < kept)
            {
                kept = readable;
                limitedBy = $"the {readable} frames readable in camera '{camera.Name}''s video";
            }
        }
        if (key.EpisodeIndex != exporter.Dataset.TotalEpisodes)
            return await DiscardAsync(journal, key, $"interrupted; its index {key.EpisodeIndex} is not the dataset's next ({exporter.Dataset.TotalEpisodes})", ct).ConfigureAwait(false);
        if (kept == 0)
            return await DiscardAsync(journal, key, $"interrupted after {crashed.Frames.Count} journaled frames; nothing usable (limited by {limitedBy})", ct).ConfigureAwait(false);
        var reason = $"interrupted (process stopped mid-episode); kept {kept} of {crashed.Episode.FrameCount} journaled frames, up to {limitedBy}";
        await journal.MarkRecoveredAsync(key, kept, reason, ct).ConfigureAwait(false);
        var videos = await CutVideosAsync(exporter, key, kept, segmentsFolder, ct).ConfigureAwait(false);
        var saved = await exporter.ExportAsync(key, videos, ct).ConfigureAwait(false);
        return new RecoveryOutcome(key, "recovered", saved.Length, reason + $"; exported as dataset episode {saved.EpisodeIndex}");
    }

    private static async Task<RecoveryOutcome> ExportFinishedAsync(
        IJournal journal, EpisodeExporter exporter, EpisodeInfo episode, string segmentsFolder, CancellationToken ct)
    {
        var key = episode.Key;
        foreach (var camera in exporter.Dataset.Spec.Cameras)
        {
            var readable = await SegmentCutter.ReadableFramesAsync(RecorderSettings.SegmentPath(segmentsFolder, key, camera.Name), ct).ConfigureAwait(false);
            if (readable < episode.FrameCount)
                return await DiscardAsync(journal, key, $"finished with {episode.FrameCount} frames but camera '{camera.Name}''s video holds {readable}; it cannot be exported", ct).ConfigureAwait(false);
        }
        if (key.EpisodeIndex != exporter.Dataset.TotalEpisodes)
            return await DiscardAsync(journal, key, $"finished but not exported; its index {key.EpisodeIndex} is not the dataset's next ({exporter.Dataset.TotalEpisodes})", ct).ConfigureAwait(false);
        var videos = await CutVideosAsync(exporter, key, episode.FrameCount, segmentsFolder, ct).ConfigureAwait(false);
        var saved = await exporter.ExportAsync(key, videos, ct).ConfigureAwait(false);
        return new RecoveryOutcome(key, "exported", saved.Length, $"finished before the stop but not yet exported; exported {saved.Length} frames as dataset episode {saved.EpisodeIndex}");
    }

    private static async Task<Dictionary<string, VideoSegment>> CutVideosAsync(EpisodeExporter exporter, EpisodeKey key, long frames, string segmentsFolder, CancellationToken ct)
    {
        var spec = exporter.Dataset.Spec;
        var videos = new Dictionary<string, VideoSegment>(StringComparer.Ordinal);
        foreach (var camera in spec.Cameras)
        {
            var path = RecorderSettings.SegmentPath(segmentsFolder, key, camera.Name);
            await SegmentCutter.CutAsync(path, frames, spec.Fps, spec.Video, ct).ConfigureAwait(false);
            videos[camera.Name] = new VideoSegment(path, frames, 0, 0);
        }
        return videos;
    }

    private static async Task<RecoveryOutcome> DiscardAsync(IJournal journal, EpisodeKey key, string reason, CancellationToken ct)
    {
        await journal.DiscardEpisodeAsync(key, reason, ct).ConfigureAwait(false);
        return new RecoveryOutcome(key, "discarded", 0, reason);
    }
}
