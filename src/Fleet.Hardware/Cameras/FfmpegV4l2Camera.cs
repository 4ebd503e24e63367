using System.Globalization;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// A V4L2 camera (USB webcam) captured through an ffmpeg child process
/// (<c>-f v4l2 -input_format mjpeg -framerate F -video_size WxH -i DEVICE … -f rawvideo -pix_fmt rgb24</c>),
/// with latest-frame semantics. Decoding happens in ffmpeg's process, off the arm's threads; with
/// <see cref="FfmpegV4l2CameraOptions.KeepJpeg"/> ffmpeg copies the camera's MJPEG (<c>-c:v copy -f mjpeg</c>) and Fleet
/// decodes each frame once, keeping the JPEG on the frame for the cluster's wire codec.
/// </summary>
public sealed class FfmpegV4l2Camera : FfmpegCamera
{
    /// <summary>Creates a camera; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public FfmpegV4l2Camera(FfmpegV4l2CameraOptions options, TimeProvider? clock = null)
        : base(clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
    }

    /// <summary>The options in effect.</summary>
    public FfmpegV4l2CameraOptions Options { get; }

    /// <inheritdoc />
    public override string Name => Options.Name;

    /// <inheritdoc />
    public override int Width => Options.Width;

    /// <inheritdoc />
    public override int Height => Options.Height;

    /// <inheritdoc />
    public override double Fps => Options.Fps;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureNotStarted();
        if (!File.Exists(Options.Device))
            throw new CameraFailedException(Name,
                $"Camera '{Name}': device {Options.Device} does not exist. `fleet camera list` shows the cameras present.");
        var args = new List<string>
        {
            "-hide_banner", "-loglevel", "error", "-nostdin",
            "-f", "v4l2", "-input_format", Options.InputFormat,
            "-framerate", Fps.ToString(CultureInfo.InvariantCulture),
            "-video_size", FormattableString.Invariant($"{Width}x{Height}"),
            "-i", Options.Device,
            "-an",
        };
        // keep-jpeg: the camera's JPEGs untouched (decoded once in Fleet); otherwise ffmpeg decodes and scales to RGB.
        args.AddRange(Options.KeepJpeg
            ? ["-c:v", "copy", "-f", "mjpeg", "pipe:1"]
            : ["-f", "rawvideo", "-pix_fmt", "rgb24", "-vf", FormattableString.Invariant($"scale={Width}:{Height}"), "pipe:1"]);
        return StartSourceAsync(args, $"V4L2 device {Options.Device}", Options.StartTimeout ?? TimeSpan.FromSeconds(10), cancellationToken, Options.KeepJpeg);
    }
}
