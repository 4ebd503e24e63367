using Fleet.Hardware.Cameras;

namespace Fleet.Actors.Arm;

/// <summary>
/// Runs one camera: starts it, forwards each new frame to the observation filter (latest-frame semantics: a slow
/// filter sees the newest frame, never a backlog), and fails with <see cref="CameraFailedException"/> when the camera
/// dies so its <see cref="BackoffSupervisor"/> restarts it with a fresh instance after a growing delay. The servo
/// tick never waits on a camera.
/// </summary>
public sealed class CameraActor : ReceiveActor, IWithTimers
{
    private readonly string _armId;
    private readonly Func<ICamera> _create;
    private readonly IActorRef _filter;
    private ICamera? _camera;
    private long _lastSequence = -1;

    private CameraActor(string armId, Func<ICamera> create, IActorRef filter)
    {
        _armId = armId;
        _create = create;
        _filter = filter;
        ReceiveAsync<Start>(HandleStartAsync);
        Receive<Poll>(HandlePoll);
        Receive<CameraStopped>(HandleStopped);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a camera of arm <paramref name="armId"/>.</summary>
    /// <param name="armId">The arm (for error messages).</param>
    /// <param name="create">Makes a new, unstarted camera; called on every (re)start.</param>
    /// <param name="filter">The observation filter that receives <see cref="FrameCaptured"/>.</param>
    public static Props Props(string armId, Func<ICamera> create, IActorRef filter) =>
        Fleet.Actors.Props.Create(() => new CameraActor(armId, create, filter));

    /// <inheritdoc />
    protected override void PreStart() => Self.Tell(new Start(), Self);

    /// <inheritdoc />
    protected override void PostStop()
    {
        if (_camera is { } camera) camera.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
    }

    private async Task HandleStartAsync(Start start)
    {
        _camera = _create();
        try
        {
            await _camera.StartAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not CameraFailedException)
        {
            throw new CameraFailedException(_camera.Name, $"Arm '{_armId}': camera '{_camera.Name}' did not start: {e.Message}", e);
        }
        var self = Self;
        var camera = _camera;
        _ = camera.Completion.ContinueWith(t => self.Tell(new CameraStopped(camera, t.Exception?.InnerException), null), TaskScheduler.Default);
        Timers.StartPeriodicTimer("poll", new Poll(), TimeSpan.FromSeconds(1 / Math.Max(1, camera.Fps)));
    }

    private void HandlePoll(Poll _)
    {
        if (_camera is null || !_camera.TryGetLatest(out var reading)) return;
        if (reading.Frame.Sequence == _lastSequence) return;
        _lastSequence = reading.Frame.Sequence;
        _filter.Tell(new FrameCaptured(_camera.Name, reading.Frame), Self);
        // Recording hook: recorders subscribe to ArmFrameCaptured on the event stream.
        Context.System.EventStream.Publish(new ArmFrameCaptured(_armId, _camera.Name, reading.Frame));
    }

    private void HandleStopped(CameraStopped stopped)
    {
        if (!ReferenceEquals(stopped.Camera, _camera)) return;
        throw stopped.Cause as CameraFailedException
              ?? new CameraFailedException(stopped.Camera.Name,
                  $"Arm '{_armId}': camera '{stopped.Camera.Name}' stopped{(stopped.Cause is null ? "" : ": " + stopped.Cause.Message)}; restarting it.",
                  stopped.Cause);
    }

    private sealed record Start;

    private sealed record Poll;

    private sealed record CameraStopped(ICamera Camera, Exception? Cause);
}
