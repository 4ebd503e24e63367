using System.Globalization;
using Fleet.Messages;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// A V4L2 camera (USB webcam) captured through an ffmpeg child process
/// (<c>-f v4l2 -input_format mjpeg -framerate F -video_size WxH -i DEVICE … -f rawvideo -pix_fmt rgb24</c>),
/// with latest-frame semantics. Decoding happens in ffmpeg's process, off the arm's threads.
/// </summary>
public sealed class FfmpegV4l2Camera : ICamera
{
    private readonly TimeProvider _clock;
    private FfmpegFrameSource? _source;

    /// <summary>Creates a camera; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public FfmpegV4l2Camera(FfmpegV4l2CameraOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The options in effect.</summary>
    public FfmpegV4l2CameraOptions Options { get; }

    /// <inheritdoc />
    public string Name => Options.Name;

    /// <inheritdoc />
    public int Width => Options.Width;

    /// <inheritdoc />
    public int Height => Options.Height;

    /// <inheritdoc />
    public double Fps => Options.Fps;

    /// <summary>The ffmpeg process id while running.</summary>
    public int? ProcessId => _source?.ProcessId;

    /// <inheritdoc />
    public Task Completion => _source?.Slot.Completion ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_source is not null) throw new InvalidOperationException($"Camera '{Name}' is already started.");
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
            "-an", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-vf", FormattableString.Invariant($"scale={Width}:{Height}"),
            "pipe:1",
        };
        _source = new FfmpegFrameSource(Name, $"V4L2 device {Options.Device}", Width, Height, _clock);
        return _source.StartAsync(args, Options.StartTimeout ?? TimeSpan.FromSeconds(10), cancellationToken);
    }

    /// <inheritdoc />
    public bool TryGetLatest(out CameraReading reading)
    {
        if (_source is null) { reading = default; return false; }
        return _source.Slot.TryGet(out reading);
    }

    /// <inheritdoc />
    public Task<ImageFrame> WaitForFrameAsync(long afterSequence, CancellationToken cancellationToken) =>
        (_source ?? throw new InvalidOperationException($"Camera '{Name}' is not started."))
            .Slot.WaitForFrameAsync(afterSequence, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _source?.DisposeAsync() ?? ValueTask.CompletedTask;
}
