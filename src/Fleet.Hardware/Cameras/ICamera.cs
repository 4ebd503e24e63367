using Fleet.Messages;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// A camera with latest-frame semantics, as the arm pipeline needs it: the control tick must never wait on a
/// sensor. Capture runs on its own (a child process or a clock); <see cref="TryGetLatest"/> returns at once with
/// the newest complete frame and its age, never a queue of old ones, so a slow camera only makes frames older
/// and a stalled one makes <see cref="CameraReading.Age"/> grow, which the caller can see and act on.
/// A capture that dies (ffmpeg exits, the device vanishes) faults <see cref="Completion"/> and makes every later
/// read throw <see cref="CameraFailedException"/>: the supervisor restarts the camera, the arm keeps moving.
/// An instance is started once: to restart a failed camera, dispose it and create a new one from the same options.
/// Members other than <see cref="StartAsync"/> and <see cref="IAsyncDisposable.DisposeAsync"/> are thread-safe.
/// </summary>
public interface ICamera : IAsyncDisposable
{
    /// <summary>The camera's key in the observation (e.g. <c>front</c>).</summary>
    string Name { get; }

    /// <summary>Frame width in pixels; known after <see cref="StartAsync"/>.</summary>
    int Width { get; }

    /// <summary>Frame height in pixels; known after <see cref="StartAsync"/>.</summary>
    int Height { get; }

    /// <summary>Nominal frames per second.</summary>
    double Fps { get; }

    /// <summary>
    /// Opens the source and starts capture; returns once the first frame has arrived, so a camera that cannot
    /// open fails here, with the reason, rather than later in the loop.
    /// </summary>
    /// <exception cref="CameraFailedException">The source could not be opened or produced no frame in time.</exception>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The newest frame and its age, without waiting; false when no frame has arrived yet.
    /// </summary>
    /// <exception cref="CameraFailedException">Capture has died; the exception says why.</exception>
    /// <exception cref="ObjectDisposedException">The camera was disposed.</exception>
    bool TryGetLatest(out CameraReading reading);

    /// <summary>Waits for a frame with a sequence number above <paramref name="afterSequence"/> (for snapshots and tests, not the tick).</summary>
    /// <exception cref="CameraFailedException">Capture died while waiting.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    Task<ImageFrame> WaitForFrameAsync(long afterSequence, CancellationToken cancellationToken);

    /// <summary>Completes when capture stops after disposal; faults with <see cref="CameraFailedException"/> when capture dies.</summary>
    Task Completion { get; }
}
