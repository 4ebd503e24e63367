namespace Fleet.Hardware.Cameras;

/// <summary>
/// A camera that could not start or whose capture died. The message names the camera, the source and the
/// cause (for ffmpeg: its exit code and the last lines it printed) and what to check.
/// </summary>
public sealed class CameraFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CameraFailedException(string camera, string message, Exception? inner = null)
        : base(message, inner) => Camera = camera;

    /// <summary>The camera's name.</summary>
    public string Camera { get; }
}
