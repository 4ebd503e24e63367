using Fleet.Actors;
using Fleet.Actors.Arm;
using Fleet.Actors.Fleets;
using Fleet.Actors.PolicyPool;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Serial;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Policy.Abstractions;

namespace Fleet.Benchmarks.Arm;

/// <summary>
/// N simulated SO-101 arms (one in-process servo-bus host, a pty per arm, the real serial code) under a fleet
/// supervisor, fed by a local pool serving one policy. What `fleet demo` runs, minus the cameras and the CLI.
/// </summary>
internal sealed class SimulatedArmRig : IAsyncDisposable
{
    private readonly ServoBusHost _host = new();
    private readonly List<SimulatedArmBus> _sims = [];

    private SimulatedArmRig(ActorSystem system) => System = system;

    public ActorSystem System { get; }

    public IActorRef Fleet { get; private set; } = null!;

    public static async Task<SimulatedArmRig> StartAsync(int arms, int chunkSize, Func<IPolicy> policy, AsyncInferenceOptions inference, LocalPolicyPoolOptions pool)
    {
        var rig = new SimulatedArmRig(ActorSystem.Create("bench"));
        var settings = new List<ArmSettings>();
        for (int i = 0; i < arms; i++)
        {
            var sim = new SimulatedArmBus(rig._host, new SimulatedArmOptions());
            rig._sims.Add(sim);
            var port = SerialPort.Open(sim.PortPath);
            var setup = new So101Follower(new FeetechBus(port, new FeetechBusOptions(LatencyMs: 150, ReadRetries: 3, WriteRetries: 3), ownsPort: false),
                SimulatedArmBus.DefaultCalibration);
            await setup.ConnectAsync(CancellationToken.None);
            await setup.ConfigureAsync(CancellationToken.None);
            var follower = new So101Follower(new FeetechBus(port, new FeetechBusOptions(LatencyMs: 20, ReadRetries: 1, WriteRetries: 1)),
                SimulatedArmBus.DefaultCalibration);
            settings.Add(new ArmSettings($"arm-{i + 1}", follower, [], "p", chunkSize, "bench", 30, inference, new ObservationFilterOptions()));
        }
        var poolRef = rig.System.ActorOf(LocalPolicyPool.Props(new Dictionary<string, PolicyRegistration> { ["p"] = new(policy, pool) }), "policy-pool");
        rig.Fleet = rig.System.ActorOf(FleetSupervisor.Props(settings, poolRef), "fleet");
        return rig;
    }

    public Task<FleetStatus> StatusAsync() => Fleet.Ask<FleetStatus>(new GetFleetStatus(), TimeSpan.FromSeconds(30));

    /// <summary>Holds and releases every arm so the servo loops publish their final counters, then reads the status.</summary>
    public async Task<FleetStatus> StopAsync()
    {
        await Fleet.Ask<List<ArmHeld>>(new HoldArm(), TimeSpan.FromSeconds(30));
        await Fleet.Ask<List<ArmReleased>>(new ReleaseArm(KeepTorque: false), TimeSpan.FromSeconds(30));
        return await StatusAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate();
        foreach (var sim in _sims) sim.Dispose();
        _host.Dispose();
    }
}
