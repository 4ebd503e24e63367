namespace Fleet.Hardware.Cameras;

/// <summary>Settings of an <see cref="FfmpegV4l2Camera"/>; binds a camera entry with <c>type = v4l2</c>.</summary>
/// <param name="Name">The camera's key in observations.</param>
/// <param name="Device">The V4L2 device, e.g. <c>/dev/video0</c>.</param>
/// <param name="Width">Capture width; must be a size the camera offers in <see cref="InputFormat"/>.</param>
/// <param name="Height">Capture height.</param>
/// <param name="Fps">Capture rate.</param>
/// <param name="InputFormat">
/// The camera's pixel format as ffmpeg names it. <c>mjpeg</c> (the default) is what USB cameras offer at
/// 640x480@30 and above; <c>yuyv422</c> avoids decoding but USB 2 bandwidth limits it to low rates.
/// </param>
/// <param name="StartTimeout">How long <see cref="ICamera.StartAsync"/> waits for the first frame.</param>
public sealed record FfmpegV4l2CameraOptions(
    string Name,
    string Device,
    int Width = 640,
    int Height = 480,
    double Fps = 30,
    string InputFormat = "mjpeg",
    TimeSpan? StartTimeout = null)
{
    /// <summary>
    /// Keep the camera's own JPEG on each frame (<see cref="Fleet.Messages.ImageFrame.CameraJpeg"/>; HOCON <c>keep-jpeg</c>):
    /// ffmpeg copies the MJPEG stream untouched and Fleet decodes each frame once, so the cluster's wire codec can send
    /// the camera's bytes instead of encoding the pixels again. Needs <c>input-format = mjpeg</c>, a camera that
    /// delivers exactly <see cref="Width"/>×<see cref="Height"/> (no scaling happens), and libturbojpeg.
    /// </summary>
    public bool KeepJpeg { get; init; }

    /// <summary>Checks every value and returns this record.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the device is missing; the message names it.</exception>
    public FfmpegV4l2CameraOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Device))
            throw new ArgumentException($"Camera '{Name}': device is empty; give a /dev/video* path (`fleet camera list`).");
        if (Width <= 0 || Height <= 0)
            throw new ArgumentException($"Camera '{Name}': width x height = {Width}x{Height} must be positive.");
        if (!(Fps > 0 && Fps <= 1000))
            throw new ArgumentException($"Camera '{Name}': fps = {Fps} must lie in (0, 1000].");
        if (string.IsNullOrWhiteSpace(InputFormat))
            throw new ArgumentException($"Camera '{Name}': input-format is empty; use mjpeg or yuyv422.");
        if (KeepJpeg && InputFormat != "mjpeg")
            throw new ArgumentException($"Camera '{Name}': keep-jpeg needs input-format = mjpeg (the camera's own JPEG), not {InputFormat}.");
        return this;
    }
}
