using Fleet.Actors;
using Fleet.Actors.Arm;
using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Node.Config;
using Fleet.Node.Fleets;

namespace Fleet.Node.Recording;

/// <summary>
/// What <c>fleet record</c> drives: a leader arm (real, or simulated playing back a trajectory) mirrored onto the
/// follower of one <c>fleet.arms</c> element by LeRobot's teleoperation loop, and the follower's cameras as camera
/// actors, all in an actor system whose event stream carries what the <see cref="Fleet.Actors.Recording.RecorderActor"/>
/// records: a <see cref="ServoState"/> per teleoperation tick (observed follower pose, with the action sent as
/// <see cref="ServoState.Goal"/>) and the cameras' <see cref="ArmFrameCaptured"/>.
/// </summary>
internal sealed class TeleopRig : IAsyncDisposable
{
    private readonly ServoBusHost _host;
    private readonly List<IDisposable> _owned;
    private readonly So101Leader _leader;
    private readonly So101Follower _follower;
    private readonly CancellationTokenSource _stop = new();
    private Task<long>? _loop;

    private TeleopRig(ArmOptions arm, ServoBusHost host, List<IDisposable> owned, So101Leader leader, So101Follower follower, ActorSystem system)
    {
        Arm = arm;
        _host = host;
        _owned = owned;
        _leader = leader;
        _follower = follower;
        System = system;
    }

    /// <summary>The recorded (follower) arm.</summary>
    public ArmOptions Arm { get; }

    /// <summary>The actor system the cameras, and later the recorder, run in.</summary>
    public ActorSystem System { get; }

    /// <summary>Ticks run so far.</summary>
    public long Ticks { get; private set; }


    /// <summary>Opens leader and follower (simulating either as configured) and starts the cameras.</summary>
    /// <exception cref="ConfigException">A leader/follower/camera setting is wrong or its device does not answer.</exception>
    public static async Task<TeleopRig> OpenAsync(FleetConfig config, ArmOptions arm, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var host = new ServoBusHost();
        var owned = new List<IDisposable>();
        try
        {
            var followerSim = ArmHardware.StartSimulator(arm, host);
            if (followerSim is not null) owned.Add(followerSim);
            var follower = await ArmHardware.OpenFollowerAsync(arm, followerSim?.PortPath ?? arm.Robot.Port!, environment, cancellationToken);
            owned.Add(follower);
            await ArmHardware.CheckCamerasAsync(arm, cancellationToken);
            var leader = await OpenLeaderAsync(config, host, owned, environment, cancellationToken);
            var system = ActorSystem.Create("fleet-record");
            var sink = system.ActorOf(Props.Create(() => new FrameSink()), "observation-sink");
            for (int i = 0; i < arm.Cameras.Count; i++)
                system.ActorOf(CameraActor.Props(arm.Id, arm.Cameras[i].Create, sink), $"camera-{i}");
            return new TeleopRig(arm, host, owned, leader, follower, system);
        }
        catch
        {
            foreach (var d in Enumerable.Reverse(owned)) d.Dispose();
            host.Dispose();
            throw;
        }
    }

    /// <summary>Starts the teleoperation loop at the arm's fps; each tick is published on the event stream.</summary>
    public void Start()
    {
        var fps = Arm.Fps;
        var events = System.EventStream;
        _loop = Task.Run(async () =>
        {
            // A bus fault ends LeRobot's loop; a loaded machine or a noisy cable drops a reply now and then, so the loop is
            // restarted, and only MaxFaults faults in a row without a good second of ticks in between end teleoperation.
            var faults = 0;
            while (true)
            {
                var before = Ticks;
                try
                {
                    return await Teleoperation.RunAsync(_leader, _follower, fps, tick => Publish(events, tick), _stop.Token);
                }
                catch (IOException) when (!_stop.IsCancellationRequested && (Ticks - before > fps ? faults = 1 : ++faults) < MaxFaults)
                {
                    Faults++;
                }
            }
        });
    }

    /// <summary>Bus faults in a row (without a second of good ticks between them) that end teleoperation.</summary>
    public const int MaxFaults = 15;

    /// <summary>Bus faults survived so far (each restarted the loop).</summary>
    public long Faults { get; private set; }

    private void Publish(EventStream events, TeleopTick tick)
    {
        var index = Ticks++;
        events.Publish(new ServoState(Arm.Id, index, index + 1, 0, tick.Observed.Select(v => (float)v).ToArray(), index + 1, 0, ChunksMerged: 0, Holding: false, Fault: null, Metrics: null)
        {
            Goal = tick.Sent.Select(v => (float)v).ToArray(),
        });
    }

    /// <summary>Why the teleoperation loop ended on its own (a bus error), or null while it runs.</summary>
    public Exception? Failure => _loop is { IsFaulted: true } loop ? loop.Exception!.InnerException : null;

    /// <summary>Stops the loop, the actors, and disables the follower's torque.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try { await _loop; }
            catch (Exception e) when (e is OperationCanceledException or IOException) { }
        }
        await System.Terminate();
        try
        {
            await _follower.DisconnectAsync(CancellationToken.None);
        }
        catch (IOException)
        {
            // The bus is gone; the caller reports the failure that got us here.
        }
        foreach (var d in Enumerable.Reverse(_owned)) d.Dispose();
        _host.Dispose();
        _stop.Dispose();
    }

    private static async Task<So101Leader> OpenLeaderAsync(FleetConfig config, ServoBusHost host, List<IDisposable> owned,
        Func<string, string?> environment, CancellationToken cancellationToken)
    {
        const string k = "fleet.recording.leader.";
        var type = config.GetString(k + "type");
        string port;
        CalibrationSet calibration;
        if (type == "so101_leader_sim")
        {
            var sim = new SimulatedArmBus(host, new SimulatedArmOptions(Leader: true));
            owned.Add(sim);
            port = sim.PortPath;
            calibration = SimulatedArmBus.DefaultCalibration;
        }
        else if (type == "so101_leader")
        {
            port = config.HasPath(k + "port") ? config.GetString(k + "port")
                : throw new ConfigException.Missing(config.OriginOf(k + "type"), k + "port", "a real leader needs port = its serial device, e.g. \"/dev/ttyACM1\"");
            var id = config.HasPath(k + "id") ? config.GetString(k + "id")
                : throw new ConfigException.Missing(config.OriginOf(k + "type"), k + "id", "a real leader needs id = its calibration id (fleet calibrate --leader)");
            var path = CalibrationPaths.For(ArmRole.Leader, id, null, environment);
            if (!File.Exists(path))
                throw new ConfigException.BadValue(config.OriginOf(k + "id"), k + "id", $"no leader calibration at {path}; calibrate the leader first (fleet calibrate)");
            calibration = await CalibrationFile.LoadAsync(path, cancellationToken);
        }
        else
        {
            throw new ConfigException.BadValue(config.OriginOf(k + "type"), k + "type", $"\"{type}\" is not a leader type; use \"so101_leader\" or \"so101_leader_sim\"");
        }
        var leader = new So101Leader(FeetechBus.Open(port), calibration);
        owned.Add(leader);
        await leader.ConnectAsync(cancellationToken);
        await leader.ConfigureAsync(cancellationToken);
        return leader;
    }

    // The camera actors send each frame to an observation filter; recording reads the event stream instead.
    private sealed class FrameSink : ReceiveActor
    {
        public FrameSink() => ReceiveAny(_ => { });
    }
}
