using Fleet.Actors;
using Fleet.Actors.Arm;
using Fleet.Actors.Fleets;
using Fleet.Actors.PolicyPool;
using Fleet.Cluster.Transport;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Serial;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Messages.Wire;
using Fleet.Policy.Builtin;

namespace Fleet.Cluster.Tests.Infrastructure;

/// <summary>
/// A robot node in one process: simulated SO-101 arms (STS3215 simulators on ptys, the real serial code), the arm
/// pipeline under a fleet supervisor fed by a local hold policy, and a <see cref="ClusterNode"/> on a transport that
/// publishes on the node's EventStream, as <c>fleet run</c> wires it.
/// </summary>
public sealed class SimulatedArmNode : IAsyncDisposable
{
    private readonly ServoBusHost _host = new();
    private readonly List<SimulatedArmBus> _sims = [];

    private SimulatedArmNode(string name, ActorSystem system)
    {
        Name = name;
        System = system;
    }

    public string Name { get; }

    public ActorSystem System { get; }

    public IActorRef Fleet { get; private set; } = null!;

    public ClusterNode Cluster { get; private set; } = null!;

    public IReadOnlyList<string> Arms { get; private set; } = [];

    public static async Task<SimulatedArmNode> StartAsync(string name, ITransport transport, int arms)
    {
        var node = new SimulatedArmNode(name, ActorSystem.Create(name));
        var settings = new List<ArmSettings>();
        for (var i = 0; i < arms; i++) settings.Add(await node.AddArmAsync($"{name}-arm-{i}"));
        node.Arms = settings.Select(s => s.ArmId).ToList();
        var pool = node.System.ActorOf(LocalPolicyPool.Props(new Dictionary<string, PolicyRegistration>
        {
            ["hold"] = new(() => new HoldPolicy(new HoldPolicyOptions(ChunkSize: 30, SimulatedLatency: TimeSpan.FromMilliseconds(10))), new LocalPolicyPoolOptions(Workers: 1)),
        }), "policy-pool");
        node.Fleet = node.System.ActorOf(FleetSupervisor.Props(settings, pool), "fleet");
        node.Cluster = new ClusterNode(transport, new WireCodec(), new ClusterNodeOptions(name, ["robot"], TimeSpan.FromMilliseconds(200)), node.System.EventStream);
        await node.Cluster.StartAsync(CancellationToken.None);
        return node;
    }

    public async Task<ArmStatus> StatusAsync(string arm) => await Fleet.Ask<ArmStatus>(new GetArmStatus(arm), TimeSpan.FromSeconds(10));

    public async Task<ArmStatus> WaitForAsync(string arm, Func<ArmStatus, bool> condition, string what)
    {
        ArmStatus last = await StatusAsync(arm);
        await Eventually.TrueAsync(async () => condition(last = await StatusAsync(arm)), $"{arm}: {what} (last: {last.State}, executed {last.Executed})", TimeSpan.FromSeconds(30));
        return last;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await System.Terminate();
        foreach (var sim in _sims) sim.Dispose();
        _host.Dispose();
    }

    private async Task<ArmSettings> AddArmAsync(string armId)
    {
        var sim = new SimulatedArmBus(_host, new SimulatedArmOptions());
        _sims.Add(sim);
        var port = SerialPort.Open(sim.PortPath);
        var setup = new So101Follower(new FeetechBus(port, new FeetechBusOptions(LatencyMs: 150, ReadRetries: 3, WriteRetries: 3), ownsPort: false),
            SimulatedArmBus.DefaultCalibration);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await setup.ConnectAsync(CancellationToken.None);
                break;
            }
            catch (ArmHandshakeException) when (attempt < 5)
            {
                // a loaded machine may miss a ping
            }
        }
        await setup.ConfigureAsync(CancellationToken.None);
        var follower = new So101Follower(new FeetechBus(port, new FeetechBusOptions(LatencyMs: 20, ReadRetries: 1, WriteRetries: 1)), SimulatedArmBus.DefaultCalibration);
        return new ArmSettings(armId, follower, [], "hold", 30, "test", 30, new AsyncInferenceOptions(Deadline: TimeSpan.FromMilliseconds(600)), new ObservationFilterOptions());
    }
}
