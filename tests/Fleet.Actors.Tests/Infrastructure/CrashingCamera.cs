using Fleet.Hardware.Cameras;
using Fleet.Messages;

namespace Fleet.Actors.Tests.Infrastructure;

/// <summary>
/// Fault injector: a synthetic camera that dies <paramref name="lifetime"/> after it starts, the way an ffmpeg child
/// that loses its USB device does: its <see cref="Completion"/> faults with a <see cref="CameraFailedException"/>.
/// </summary>
internal sealed class CrashingCamera(string name, TimeSpan lifetime) : ICamera
{
    private readonly SyntheticCamera _inner = new(new SyntheticCameraOptions(name, 64, 48, 30));
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => _inner.Name;

    public int Width => _inner.Width;

    public int Height => _inner.Height;

    public double Fps => _inner.Fps;

    public Task Completion => _completion.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _inner.StartAsync(cancellationToken);
        _ = Task.Delay(lifetime, CancellationToken.None).ContinueWith(
            _ => _completion.TrySetException(new CameraFailedException(name, $"camera '{name}': the capture process exited (injected)")),
            TaskScheduler.Default);
    }

    public bool TryGetLatest(out CameraReading reading) => _inner.TryGetLatest(out reading);

    public Task<ImageFrame> WaitForFrameAsync(long afterSequence, CancellationToken cancellationToken) => _inner.WaitForFrameAsync(afterSequence, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _completion.TrySetResult();
        await _inner.DisposeAsync();
    }
}
