namespace Fleet.Dataset.Video;

/// <summary>
/// One episode's video for one camera, as <see cref="FfmpegEncoder"/> leaves it: a fragmented MP4 with
/// exactly <see cref="Frames"/> frames at constant frame rate (frame i at i/fps).
/// </summary>
/// <param name="Path">The MP4 file.</param>
/// <param name="Frames">Frames in the file (= episode length).</param>
/// <param name="FilledFrames">Frames that repeat the previous one because the camera's frame came late or never.</param>
/// <param name="DroppedFrames">Frames refused because the encoder queue was full or the frame was older than one already written.</param>
public sealed record VideoSegment(string Path, long Frames, long FilledFrames, long DroppedFrames);
