using Fleet.Actors.Arm;
using Fleet.Actors.Fleets;
using Fleet.Actors.PolicyPool;
using Fleet.Hardware.Cameras;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Serial;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Policy.Abstractions;

namespace Fleet.Actors.Tests.Infrastructure;

/// <summary>
/// Real arms for actor tests: each a simulated STS3215 bus on a pseudo-terminal (served by one in-process host),
/// driven through the real serial code and So101Follower, plus an actor system with a local policy pool and a
/// fleet supervisor. Dispose stops the actors, then the simulators.
/// </summary>
internal sealed class SimulatedFleet : IAsyncDisposable
{
    private readonly ServoBusHost _host = new();
    private readonly Dictionary<string, SimulatedArmBus> _sims = new();
    private readonly List<ArmSettings> _arms = [];

    public SimulatedFleet(string name) => System = ActorSystem.Create(name);

    public ActorSystem System { get; }

    public IActorRef Pool { get; private set; } = null!;

    public IActorRef Fleet { get; private set; } = null!;

    public ServoBusSimulator Simulator(string armId) => _sims[armId].Simulator;

    /// <summary>Adds a connected, configured arm (torque on) driven by <paramref name="policy"/>.</summary>
    public async Task<ArmSettings> AddArmAsync(string armId, string policy, int chunkSize, Func<ArmSettings, ArmSettings>? adjust = null,
        IReadOnlyList<Func<ICamera>>? cameras = null, AsyncInferenceOptions? inference = null)
    {
        var sim = new SimulatedArmBus(_host, new SimulatedArmOptions());
        _sims[armId] = sim;
        // Set up over a patient bus (a loaded test machine), then tick over a quick one on the same port.
        var port = SerialPort.Open(sim.PortPath);
        var setup = new So101Follower(new FeetechBus(port, new FeetechBusOptions(LatencyMs: 150, ReadRetries: 3, WriteRetries: 3), ownsPort: false),
            SimulatedArmBus.DefaultCalibration);
        await ConnectAsync(setup);
        await setup.ConfigureAsync(CancellationToken.None);
        var follower = new So101Follower(new FeetechBus(port, new FeetechBusOptions(LatencyMs: 20, ReadRetries: 1, WriteRetries: 1)),
            SimulatedArmBus.DefaultCalibration);
        var settings = new ArmSettings(armId, follower, cameras ?? [], policy, chunkSize, "test task", 30,
            inference ?? new AsyncInferenceOptions(Deadline: TimeSpan.FromMilliseconds(600)), new ObservationFilterOptions());
        settings = adjust?.Invoke(settings) ?? settings;
        _arms.Add(settings);
        return settings;
    }

    /// <summary>Starts the pool (one lane per policy) and the fleet supervisor with every arm added so far.</summary>
    public void Start(IReadOnlyDictionary<string, Func<IPolicy>> policies, LocalPolicyPoolOptions? pool = null)
    {
        var options = pool ?? new LocalPolicyPoolOptions(Workers: 2, MaxBatch: 4);
        Pool = System.ActorOf(LocalPolicyPool.Props(policies.ToDictionary(p => p.Key, p => new PolicyRegistration(p.Value, options))), "policy-pool");
        Fleet = System.ActorOf(FleetSupervisor.Props(_arms, Pool), "fleet");
    }

    public async Task<ArmStatus> StatusAsync(string armId) =>
        await Fleet.Ask<ArmStatus>(new GetArmStatus(armId), TimeSpan.FromSeconds(10));

    /// <summary>Waits until <paramref name="condition"/> holds for the arm's status, and returns that status.</summary>
    public async Task<ArmStatus> WaitForAsync(string armId, Func<ArmStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var status = await StatusAsync(armId);
            if (condition(status)) return status;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Arm '{armId}' never got to: {what}. Last status: {status with { Tick = status.Tick }}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate();
        foreach (var sim in _sims.Values) sim.Dispose();
        _host.Dispose();
    }

    private static async Task ConnectAsync(So101Follower follower)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await follower.ConnectAsync(CancellationToken.None);
                return;
            }
            catch (ArmHandshakeException) when (attempt < 5)
            {
                // A loaded test machine may miss a ping; the handshake is asked again.
            }
        }
    }
}
