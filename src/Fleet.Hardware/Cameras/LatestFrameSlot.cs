using Fleet.Messages;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// INTERNAL API. The single-frame mailbox of a capturing camera: the capture side publishes, readers take the
/// newest without waiting. A failure is sticky: once set, every read throws it.
/// </summary>
internal sealed class LatestFrameSlot(string camera, TimeProvider clock)
{
    private readonly object _gate = new();
    private ImageFrame? _latest;
    private CameraFailedException? _failure;
    private bool _disposed;
    private TaskCompletionSource _next = NewSignal();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    public void Publish(ImageFrame frame)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_failure is not null || _disposed) return;
            _latest = frame;
            signal = _next;
            _next = NewSignal();
        }
        signal.TrySetResult();
    }

    public void Fail(CameraFailedException failure)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_failure is not null || _disposed) return;
            _failure = failure;
            signal = _next;
        }
        signal.TrySetResult();
        _completion.TrySetException(failure);
    }

    public void Close()
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _disposed = true;
            signal = _next;
        }
        signal.TrySetResult();
        _completion.TrySetResult();
    }

    public bool TryGet(out CameraReading reading)
    {
        ImageFrame? frame;
        lock (_gate)
        {
            ThrowIfUnusable();
            frame = _latest;
        }
        reading = frame is null ? default : new CameraReading(frame, clock.GetUtcNow() - frame.CapturedAt);
        return frame is not null;
    }

    public async Task<ImageFrame> WaitForFrameAsync(long afterSequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                ThrowIfUnusable();
                if (_latest is { } frame && frame.Sequence > afterSequence) return frame;
                signal = _next.Task;
            }
            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void ThrowIfUnusable()
    {
        if (_failure is not null) throw new CameraFailedException(camera, _failure.Message, _failure);
        ObjectDisposedException.ThrowIf(_disposed, $"camera '{camera}'");
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
