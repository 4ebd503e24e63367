using Fleet.Actors.Fleets;
using Fleet.Messages;

namespace Fleet.Actors.Arm;

/// <summary>
/// Owns an arm's servo bus through its <see cref="ServoTickLoop"/> (a dedicated thread: the tick never waits on a
/// mailbox) and publishes every tick's <see cref="ServoState"/> straight to the subscribers (filter, policy client,
/// arm supervisor). Handles <see cref="HoldArm"/> and <see cref="ReleaseArm"/>, and the fleet-wide
/// <see cref="FleetStop"/> / <see cref="FleetResume"/> it subscribes to on the EventStream (a STOP takes effect on the next
/// tick and outlasts any per-arm resume until a RESUME arrives); throws
/// <see cref="ArmBusFailedException"/> when the loop gave up on the bus, for the supervisor to decide.
/// </summary>
public sealed class ServoActor : ReceiveActor
{
    private readonly ArmSettings _settings;
    private readonly IReadOnlyList<IActorRef> _subscribers;
    private readonly ServoTickLoop _loop;
    private bool _released;
    private FleetStop? _fleetStop;
    private EventStream? _events;

    private ServoActor(ArmSettings settings, ChunkInbox inbox, IReadOnlyList<IActorRef> subscribers)
    {
        _settings = settings;
        _subscribers = subscribers;
        _loop = new ServoTickLoop(settings, inbox, Publish);
        Receive<HoldArm>(HandleHold);
        Receive<ReleaseArm>(HandleRelease);
        Receive<ResumeArm>(HandleResume);
        Receive<LoopEnded>(HandleLoopEnded);
        Receive<FleetStop>(HandleFleetStop);
        Receive<FleetResume>(_ =>
        {
            _fleetStop = null;
            _loop.LiftFleetStop();
        });
    }

    /// <summary>Props for the servo of <paramref name="settings"/>.</summary>
    /// <param name="settings">The arm.</param>
    /// <param name="inbox">Where the action queue actor posts accepted chunks.</param>
    /// <param name="subscribers">Who receives every <see cref="ServoState"/>.</param>
    public static Props Props(ArmSettings settings, ChunkInbox inbox, IReadOnlyList<IActorRef> subscribers) =>
        Fleet.Actors.Props.Create(() => new ServoActor(settings, inbox, subscribers));

    /// <inheritdoc />
    protected override void PreStart()
    {
        var self = Self;
        _events = Context.System.EventStream;
        _events.Subscribe(Self, typeof(FleetStop));
        _events.Subscribe(Self, typeof(FleetResume));
        _loop.Start();
        _loop.Completion.ContinueWith(_ => self.Tell(new LoopEnded(), null), TaskScheduler.Default);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _loop.Dispose();
        // When this fails the bus is gone, and the supervisor has already raised the arm's bus-fault alarm.
        if (!_released && !_settings.KeepTorqueOnExit) TryDisableTorque();
        try
        {
            _settings.Follower.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The bus is gone; nothing more can be made safe from here (the failure was already reported).
        }
    }

    private void Publish(ServoState state)
    {
        foreach (var s in _subscribers) s.Tell(state, null);
        // Recording hook: recorders subscribe to ServoState on the event stream.
        _events?.Publish(state);
    }

    private void HandleHold(HoldArm _)
    {
        _loop.Hold = true;
        Sender.Tell(new ArmHeld(_settings.ArmId), Self);
    }

    private void HandleResume(ResumeArm _)
    {
        if (!_released) _loop.Hold = false;
        var reason = _released ? $"arm '{_settings.ArmId}' was released for shutdown"
            : _fleetStop is { } stop ? $"arm '{_settings.ArmId}' is under the fleet-wide STOP from {stop.Origin} ({stop.Reason}); lift it with `fleet broker resume --reason ...` or `fleet cluster resume`"
            : null;
        Sender.Tell(new ArmResumed(_settings.ArmId, reason is null, reason), Self);
    }

    private void HandleFleetStop(FleetStop stop)
    {
        _fleetStop = stop;
        _loop.ApplyFleetStop(stop.DisableTorque || _settings.StopDisablesTorque);
    }

    private void HandleRelease(ReleaseArm release)
    {
        _loop.Stop();
        _released = true;
        // An arm configured to keep torque (robot.keep-torque-on-exit) keeps it whatever the caller asks.
        bool keep = release.KeepTorque || _settings.KeepTorqueOnExit;
        string? error = keep ? null : TryDisableTorque();
        Sender.Tell(new ArmReleased(_settings.ArmId, !keep && error is null, error), Self);
    }

    private void HandleLoopEnded(LoopEnded _)
    {
        if (_loop.Failure is { } failure && !_released)
            throw failure as ArmBusFailedException ?? new ArmBusFailedException(_settings.ArmId, 0, failure.Message);
    }

    private string? TryDisableTorque()
    {
        try
        {
            _settings.Follower.DisableTorqueAsync(CancellationToken.None, retries: 5).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return $"could not disable torque on arm '{_settings.ArmId}': {e.Message}";
        }
    }

    private sealed record LoopEnded;
}
