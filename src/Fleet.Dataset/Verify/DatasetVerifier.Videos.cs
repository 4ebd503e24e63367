using Fleet.Dataset.Video;

namespace Fleet.Dataset.Verify;

public sealed partial class DatasetVerifier
{
    private async Task CheckVideosAsync(CancellationToken ct)
    {
        foreach (var key in VideoKeys)
        {
            var files = _episodes.Where(e => e.Videos.ContainsKey(key)).GroupBy(e => (e.Videos[key].Chunk, e.Videos[key].File));
            var count = 0;
            foreach (var group in files)
            {
                var rel = $"videos/{key}/chunk-{group.Key.Chunk:000}/file-{group.Key.File:000}.mp4";
                await CheckVideoFileAsync(key, rel, group.OrderBy(e => e.Index).ToList(), ct).ConfigureAwait(false);
                count++;
            }
            _checked.Add($"videos {key}: {count} file(s)");
        }
    }

    /// <summary>LeRobot looks frame k up at k/fps and accepts it only within the tolerance, so every packet must sit on that grid.</summary>
    private async Task CheckFrameTimesAsync(string rel, string path, CancellationToken ct)
    {
        double[] times;
        try { times = await VideoProbe.ReadPacketTimesAsync(path, ct).ConfigureAwait(false); }
        catch (IOException) { return; }
        for (var k = 0; k < times.Length; k++)
        {
            var expected = k / (double)_fps;
            if (Math.Abs(times[k] - expected) <= ToleranceSeconds) continue;
            Error(rel, $"frame {k} is at {times[k]:0.######} s; constant {_fps} fps puts it at {expected:0.######} s (tolerance {ToleranceSeconds} s), so LeRobot cannot find it.");
            return;
        }
    }

    private async Task CheckVideoFileAsync(string key, string rel, List<EpisodeRow> episodes, CancellationToken ct)
    {
        var path = Path.Combine(_root, rel);
        var ids = string.Join(", ", episodes.Select(e => e.Index));
        if (!File.Exists(path)) { Error(rel, $"missing; episodes {ids} point to it."); return; }
        var expectedFrom = 0.0;
        foreach (var e in episodes)
        {
            var (_, _, from, to) = e.Videos[key];
            if (Math.Abs(from - expectedFrom) > ToleranceSeconds)
                Error(rel, $"episode {e.Index}: from_timestamp is {from} s; the episodes before it in this file end at {expectedFrom} s.");
            if (Math.Abs(to - from - e.Length / (double)_fps) > ToleranceSeconds)
                Error(rel, $"episode {e.Index}: to_timestamp - from_timestamp is {to - from:0.######} s; {e.Length} frames at {_fps} fps last {e.Length / (double)_fps:0.######} s.");
            expectedFrom = to;
        }
        VideoProbe probe;
        try { probe = await VideoProbe.ReadAsync(path, ct).ConfigureAwait(false); }
        catch (IOException ex) { Error(rel, $"ffprobe cannot read it: {ex.Message}"); return; }
        var frames = episodes.Sum(e => e.Length);
        if (probe.Frames != frames)
            Error(rel, $"holds {probe.Frames} frames; episodes {ids} need {frames} ({(probe.Frames < frames ? "truncated video" : "extra frames")}).");
        var duration = frames / (double)_fps;
        if (double.IsNaN(probe.DurationSeconds) || Math.Abs(probe.DurationSeconds - duration) > 1.0 / _fps + ToleranceSeconds)
            Error(rel, $"lasts {probe.DurationSeconds:0.###} s; {frames} frames at {_fps} fps last {duration:0.###} s.");
        if (Math.Abs(probe.Fps - _fps) > 1e-6) Error(rel, $"frame rate is {probe.Fps:0.###} fps; the dataset is {_fps} fps.");
        await CheckFrameTimesAsync(rel, path, ct).ConfigureAwait(false);
        var info = _features[key]?["info"];
        var width = info?["video.width"]?.GetValue<int>();
        var height = info?["video.height"]?.GetValue<int>();
        if (width is not null && (probe.Width != width || probe.Height != height))
            Error(rel, $"is {probe.Width}x{probe.Height}; info.json says {width}x{height}.");
    }
}
