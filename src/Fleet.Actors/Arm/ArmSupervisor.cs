using Fleet.Actors.Fleets;
using Fleet.Messages;

namespace Fleet.Actors.Arm;

/// <summary>
/// One arm: the supervisor of its five kinds of children (camera(s) → observation filter → policy client → action
/// queue → servo), and the keeper of its <see cref="ArmStatus"/>.
/// </summary>
/// <remarks>
/// Supervision: each camera runs under a <see cref="BackoffSupervisor"/> (a dead camera restarts after a doubling
/// delay while the arm keeps moving); the filter, policy client and queue restart on a fault; a servo that gives up
/// on its bus (<see cref="ArmBusFailedException"/>) is stopped, the arm turns <see cref="ArmState.Faulted"/>, stops
/// asking for chunks and tells its parent <see cref="ArmFaulted"/>. Nothing here reaches another arm.
/// </remarks>
public sealed class ArmSupervisor : ReceiveActor
{
    private readonly ArmSettings _settings;
    private readonly IActorRef _pool;
    private IActorRef _servo = null!;
    private IActorRef _client = null!;
    private IActorRef _filter = null!;
    private ServoState? _state;
    private TickMetricsSnapshot _metrics = new(0, 0, default, default, default, default, default, default);
    private TickBudget? _budget;
    private PolicyClientStats? _policy;
    private IReadOnlyDictionary<string, DateTimeOffset> _frameTimes = new Dictionary<string, DateTimeOffset>();
    private string? _lastFault;
    private string? _busAlarm;
    private FleetStop? _fleetStop;
    private bool _held, _released, _stopped;
    private long _busErrors;

    private ArmSupervisor(ArmSettings settings, IActorRef pool)
    {
        _settings = settings;
        _pool = pool;
        Receive<ServoState>(HandleState);
        Receive<PolicyClientStats>(s => _policy = s);
        Receive<CameraFrameTimes>(t => _frameTimes = t.CapturedAt);
        Receive<GetArmStatus>(_ => Sender.Tell(BuildStatus(), Self));
        Receive<HoldArm>(m => { _held = true; _servo.Forward(m); });
        Receive<ReleaseArm>(m => { _held = _released = true; _servo.Forward(m); });
        Receive<ResumeArm>(HandleResume);
        Receive<GetArmFrames>(m => _filter.Forward(m));
        Receive<Terminated>(HandleTerminated);
        // The servo applies a fleet-wide STOP itself (on its next tick); the supervisor only shows it in the status.
        Receive<FleetStop>(stop => _fleetStop = stop);
        Receive<FleetResume>(_ => _fleetStop = null);
    }

    /// <summary>Props for the arm of <paramref name="settings"/>; its chunks come from <paramref name="pool"/>.</summary>
    /// <param name="settings">The arm, validated.</param>
    /// <param name="pool">The policy pool answering <see cref="Fleet.Messages.PredictChunk"/>.</param>
    public static Props Props(ArmSettings settings, IActorRef pool) =>
        Fleet.Actors.Props.Create(() => new ArmSupervisor(settings, pool));

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
        cause is ArmBusFailedException ? Directive.Stop : Directive.Restart);

    /// <inheritdoc />
    protected override void PreStart()
    {
        var inbox = new ChunkInbox();
        var filter = _filter = Context.ActorOf(ObservationFilterActor.Props(_settings.ArmId, _settings.Task, _settings.Filter), "observation-filter");
        var queue = Context.ActorOf(ActionQueueActor.Props(_settings.ArmId, 6, inbox), "action-queue");
        _client = Context.ActorOf(PolicyClientActor.Props(_settings, _pool, filter, queue), "policy-client");
        for (int i = 0; i < _settings.Cameras.Count; i++)
        {
            var create = _settings.Cameras[i];
            var camera = CameraActor.Props(_settings.ArmId, create, filter);
            Context.ActorOf(BackoffSupervisor.Props(BackoffOptions.CreateOnFailure(
                camera, "camera", _settings.CameraMinBackoff, _settings.CameraMaxBackoff, 0.2)), $"camera-{i}");
        }
        _servo = Context.ActorOf(ServoActor.Props(_settings, inbox, [filter, _client, Self]), "servo");
        Context.System.EventStream.Subscribe(Self, typeof(FleetStop));
        Context.System.EventStream.Subscribe(Self, typeof(FleetResume));
        Context.Watch(_servo);
    }

    private void HandleState(ServoState state)
    {
        _state = state;
        if (state.Metrics is { } m) _metrics = m;
        if (state.Budget is { } b) _budget = b;
        if (state.Fault is { } fault)
        {
            _lastFault = fault;
            _busErrors++;
        }
    }

    private void HandleResume(ResumeArm m)
    {
        if (_released || _stopped)
        {
            Sender.Tell(new ArmResumed(_settings.ArmId, false, _stopped
                ? $"arm '{_settings.ArmId}' is faulted ({_lastFault ?? "servo stopped"}); restart the node"
                : $"arm '{_settings.ArmId}' was released for shutdown"), Self);
            return;
        }
        _held = false;
        _servo.Forward(m);
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(_servo) || _stopped) return;
        _stopped = true;
        Context.Stop(_client);
        _busAlarm = _lastFault is null
            ? $"Arm '{_settings.ArmId}': the servo stopped."
            : $"Arm '{_settings.ArmId}': the servo bus failed beyond its retries (last fault: {_lastFault}); the arm is stopped. " +
              "Check the arm's power and USB cable, then restart the node.";
        Context.System.EventStream.Publish(new ArmAlarm(_settings.ArmId, "bus-fault", _busAlarm, true));
        Context.Parent.Tell(new ArmFaulted(_settings.ArmId, _busAlarm), Self);
    }

    private ArmStatus BuildStatus()
    {
        var now = DateTimeOffset.UtcNow;
        var alarms = new List<string>();
        if (_policy?.Alarm is { } policyAlarm) alarms.Add(policyAlarm);
        if (_busAlarm is not null) alarms.Add(_busAlarm);
        if (_fleetStop is { } stop)
            alarms.Add($"Fleet-wide STOP from {stop.Origin} at {stop.IssuedAt:HH:mm:ss} UTC: {stop.Reason} (torque {(stop.DisableTorque || _settings.StopDisablesTorque ? "off" : "held")}); " +
                "lift it with `fleet broker resume --reason ...` or `fleet cluster resume`.");
        var state = _stopped ? ArmState.Faulted
            : _held || _fleetStop is not null || _state?.Holding == true ? ArmState.Holding
            : _policy?.Alarm is not null ? ArmState.PolicyUnreachable
            : (_policy?.ChunksReceived ?? 0) == 0 ? ArmState.Starting
            : ArmState.Running;
        return new ArmStatus(
            _settings.ArmId, state, _state?.Positions.ToArray() ?? [], _state?.QueueCount ?? 0,
            Math.Max(_metrics.Ticks, (_state?.Tick ?? -1) + 1), _state?.Executed ?? 0, _state?.StarvationTicks ?? 0,
            _policy?.ChunksReceived ?? 0, _policy?.Requests ?? 0, _policy?.Timeouts ?? 0,
            _policy?.LatencyP50 ?? TimeSpan.Zero, _policy?.LatencyLast ?? TimeSpan.Zero, _metrics,
            _frameTimes.ToDictionary(kv => kv.Key, kv => now - kv.Value), alarms, _lastFault, _budget)
        {
            BusErrors = _busErrors,
            ChunkLatencyHistogram = _policy?.LatencyHistogram,
            FleetStop = _fleetStop,
        };
    }
}
