using Fleet.Dataset.Journal;
using Fleet.Dataset.Meta;

namespace Fleet.Actors.Recording;

/// <summary>What a <see cref="RecorderActor"/> needs; it owns none of it (the node opens and closes them).</summary>
/// <param name="ArmId">The arm whose <see cref="Arm.ServoState"/> and <see cref="Arm.ArmFrameCaptured"/> events are recorded.</param>
/// <param name="Spec">The dataset's spec: fps, joint names, cameras (name and size) and video settings.</param>
/// <param name="Writer">The batched journal writer (may be shared by several arms).</param>
/// <param name="Exporter">Writes finished episodes from the journal into the dataset.</param>
/// <param name="SegmentsFolder">Where the live encoders write each episode's per-camera MP4 until the export moves it.</param>
public sealed record RecorderSettings(string ArmId, DatasetSpec Spec, JournalWriter Writer, EpisodeExporter Exporter, string SegmentsFolder)
{
    /// <summary>The segment file of one camera of one episode: <c>&lt;SegmentsFolder&gt;/&lt;arm&gt;-episode-&lt;index&gt;-&lt;camera&gt;.mp4</c>.</summary>
    /// <param name="folder">The segments folder.</param>
    /// <param name="key">The episode.</param>
    /// <param name="camera">The camera name.</param>
    /// <returns>The path.</returns>
    public static string SegmentPath(string folder, EpisodeKey key, string camera) =>
        Path.Combine(folder, $"{key.ArmId}-episode-{key.EpisodeIndex}-{camera}.mp4");
}
