namespace Fleet.Hardware.Cameras;

/// <summary>Settings of a <see cref="VideoFileCamera"/>; binds a camera entry with <c>type = video-file</c>.</summary>
/// <param name="Name">The camera's key in observations.</param>
/// <param name="Path">The video file; any format ffmpeg reads.</param>
/// <param name="Width">Output width; null keeps the file's (both or neither of Width and Height).</param>
/// <param name="Height">Output height; null keeps the file's.</param>
/// <param name="Fps">Playback rate; null plays at the file's own rate.</param>
/// <param name="StartTimeout">How long <see cref="ICamera.StartAsync"/> waits for the first frame.</param>
public sealed record VideoFileCameraOptions(
    string Name,
    string Path,
    int? Width = null,
    int? Height = null,
    double? Fps = null,
    TimeSpan? StartTimeout = null)
{
    /// <summary>Checks every value and returns this record.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the file is missing; the message names it.</exception>
    public VideoFileCameraOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
            throw new ArgumentException($"Camera '{Name}': path is empty; give the video file to play.");
        if (!File.Exists(Path))
            throw new ArgumentException($"Camera '{Name}': video file '{Path}' does not exist.");
        if (Width.HasValue != Height.HasValue || Width is <= 0 || Height is <= 0)
            throw new ArgumentException($"Camera '{Name}': give both width and height (positive) or neither; got {Width}x{Height}.");
        if (Fps is { } f && !(f > 0 && f <= 1000))
            throw new ArgumentException($"Camera '{Name}': fps = {f} must lie in (0, 1000].");
        return this;
    }
}
