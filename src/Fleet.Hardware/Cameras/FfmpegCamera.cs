using Fleet.Messages;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// A camera whose frames come from an ffmpeg child process writing raw RGB to a pipe (<see cref="FfmpegFrameSource"/>),
/// with latest-frame semantics. Backends differ only in the ffmpeg arguments and in how they learn the frame size:
/// they call <see cref="StartSourceAsync"/> from their <see cref="StartAsync"/>.
/// </summary>
public abstract class FfmpegCamera : ICamera
{
    private readonly TimeProvider _clock;
    private FfmpegFrameSource? _source;

    /// <summary>Sets the clock frames are stamped with.</summary>
    /// <param name="clock">The clock; the system clock when null.</param>
    protected FfmpegCamera(TimeProvider? clock) => _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract int Width { get; }

    /// <inheritdoc />
    public abstract int Height { get; }

    /// <inheritdoc />
    public abstract double Fps { get; }

    /// <summary>The ffmpeg process id while running (diagnostics, fault-injection tests).</summary>
    public int? ProcessId => _source?.ProcessId;

    /// <inheritdoc />
    public Task Completion => _source?.Slot.Completion ?? Task.CompletedTask;

    /// <inheritdoc />
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Starts ffmpeg with <paramref name="arguments"/> and waits for its first frame.</summary>
    /// <param name="arguments">ffmpeg's arguments, ending with raw rgb24 output to <c>pipe:1</c>.</param>
    /// <param name="description">What is captured, for error messages (e.g. "V4L2 device /dev/video0").</param>
    /// <param name="startTimeout">How long to wait for the first frame.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="keepJpeg">
    /// The arguments end with the camera's JPEGs as <c>-f mjpeg</c> to <c>pipe:1</c> instead of raw rgb24: each is
    /// decoded in this process and kept on its frame (<see cref="ImageFrame.CameraJpeg"/>).
    /// </param>
    /// <exception cref="InvalidOperationException">The camera was started already.</exception>
    protected Task StartSourceAsync(IReadOnlyList<string> arguments, string description, TimeSpan startTimeout, CancellationToken cancellationToken,
        bool keepJpeg = false)
    {
        EnsureNotStarted();
        _source = new FfmpegFrameSource(Name, description, Width, Height, _clock, keepJpeg);
        return _source.StartAsync(arguments, startTimeout, cancellationToken);
    }

    /// <summary>Throws when the camera was started already; backends call it before any start-up work.</summary>
    /// <exception cref="InvalidOperationException">The camera was started already.</exception>
    protected void EnsureNotStarted()
    {
        if (_source is not null) throw new InvalidOperationException($"Camera '{Name}' is already started.");
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
