namespace Fleet.Dataset.Journal;

/// <summary>
/// Which camera frame belongs to a journaled tick: the camera key and the frame's sequence number in
/// that camera's stream (the video encoder's frame counter), so the exporter can cut video to match.
/// </summary>
/// <param name="CameraKey">Camera key, e.g. <c>front</c> or <c>wrist</c>; at most 255 UTF-8 bytes.</param>
/// <param name="Sequence">Sequence number of the frame in that camera's stream.</param>
public readonly record struct CameraFrameRef(string CameraKey, long Sequence);
