using Fleet.Messages;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// A camera that needs no device: frame <c>n</c> is due at <c>start + n/fps</c> on the given clock and shows
/// <see cref="SyntheticPattern"/>. Frames are rendered lazily, when first read after they fall due, so an idle
/// synthetic camera costs nothing; a read renders at most one frame (about a millisecond at 640x480).
/// </summary>
public sealed class SyntheticCamera : ICamera
{
    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _start;
    private ImageFrame? _cached;
    private bool _started, _disposed;

    /// <summary>Creates a camera; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Size, rate and name.</param>
    /// <param name="clock">Clock that paces frames; the system clock when null (tests pass a fake one).</param>
    public SyntheticCamera(SyntheticCameraOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The options in effect.</summary>
    public SyntheticCameraOptions Options { get; }

    /// <inheritdoc />
    public string Name => Options.Name;

    /// <inheritdoc />
    public int Width => Options.Width;

    /// <inheritdoc />
    public int Height => Options.Height;

    /// <inheritdoc />
    public double Fps => Options.Fps;

    /// <inheritdoc />
    public Task Completion => _completion.Task;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _start = _clock.GetUtcNow();
            _started = true;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public bool TryGetLatest(out CameraReading reading)
    {
        var now = _clock.GetUtcNow();
        var frame = FrameAt(now);
        reading = frame is null ? default : new CameraReading(frame, now - frame.CapturedAt);
        return frame is not null;
    }

    /// <inheritdoc />
    public async Task<ImageFrame> WaitForFrameAsync(long afterSequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = _clock.GetUtcNow();
            if (FrameAt(now) is { } frame && frame.Sequence > afterSequence) return frame;
            var due = DueTime(afterSequence + 1) - now;
            await Task.Delay(due > TimeSpan.Zero ? due : TimeSpan.FromMilliseconds(1), _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (_gate) _disposed = true;
        _completion.TrySetResult();
        return ValueTask.CompletedTask;
    }

    private ImageFrame? FrameAt(DateTimeOffset now)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_started) return null;
            // The epsilon keeps a read exactly at a due time (n/fps, inexact in binary) from landing on frame n-1.
            long sequence = (long)Math.Floor((now - _start).TotalSeconds * Fps + 1e-6);
            if (sequence < 0) return null;
            if (_cached?.Sequence != sequence)
            {
                var capturedAt = DueTime(sequence);
                var pixels = SyntheticPattern.Render(Width, Height, sequence, (long)(capturedAt - _start).TotalMilliseconds);
                _cached = new ImageFrame(Width, Height, pixels, capturedAt, sequence);
            }
            return _cached;
        }
    }

    private DateTimeOffset DueTime(long sequence) => _start + TimeSpan.FromSeconds(sequence / Fps);
}
