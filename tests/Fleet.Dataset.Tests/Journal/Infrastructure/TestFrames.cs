using Fleet.Dataset.Journal;

namespace Fleet.Dataset.Tests.Journal.Infrastructure;

/// <summary>Deterministic frames whose every field depends on the episode and frame index, so a mix-up shows.</summary>
internal static class TestFrames
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    public static FrameRecord Make(EpisodeKey episode, long frameIndex, int fps = 30)
    {
        var seed = (float)((episode.EpisodeIndex * 1000) + frameIndex);
        return new FrameRecord(
            episode,
            frameIndex,
            (double)frameIndex / fps,
            Epoch.AddTicks((frameIndex * TimeSpan.TicksPerSecond / fps) + episode.EpisodeIndex),
            [seed, seed + 0.25f, -seed, 1e-7f * seed, float.MaxValue, seed / 3f],
            [seed * 2, -0.5f, 0f, -0f, 7.125f, seed / 7f],
            episode.EpisodeIndex % 3,
            $"pick the cube ({episode.ArmId}) — ü",
            [new CameraFrameRef("front", (frameIndex * 2) + 1), new CameraFrameRef("wrist", frameIndex + 100)]);
    }

    public static List<FrameRecord> Range(EpisodeKey episode, long from, int count) =>
        Enumerable.Range(0, count).Select(i => Make(episode, from + i)).ToList();
}
