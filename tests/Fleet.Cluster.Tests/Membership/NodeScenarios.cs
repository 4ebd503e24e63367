using Fleet.Actors;
using Fleet.Cluster.Membership;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;

namespace Fleet.Cluster.Tests.Membership;

/// <summary>
/// Membership, fleet-wide STOP and leave/down across several nodes (each with its own actor system and connection),
/// on the in-memory broker and on a real RabbitMQ.
/// </summary>
public abstract class NodeScenarios : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly List<ActorSystem> _systems = [];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];
    protected readonly WireCodec Codec = new();

    protected abstract Task<ITransport> ConnectAsync(string node);

    protected abstract Task KillAsync(ITransport transport);

    // Fast heartbeats so detection takes well under a second of real time; the detector itself is tested on a manual clock.
    private static readonly ClusterNodeOptions Fast = new("x", [], TimeSpan.FromMilliseconds(100),
        new PhiAccrualFailureDetectorOptions(MinStdDeviation: TimeSpan.FromMilliseconds(50), AcceptableHeartbeatPause: TimeSpan.FromMilliseconds(300),
            FirstHeartbeatEstimate: TimeSpan.FromMilliseconds(100)));

    protected record Node(string Name, ClusterNode Cluster, ActorSystem System, ITransport Transport);

    protected async Task<Node> StartNodeAsync(string name, params string[] roles)
    {
        var full = $"{name}-{_suffix}";
        var transport = await ConnectAsync(full);
        var system = ActorSystem.Create(name);
        _systems.Add(system);
        var node = new ClusterNode(transport, Codec, Fast with { Node = full, Roles = roles }, system.EventStream);
        await node.StartAsync(CancellationToken.None);
        _cleanup.Add(node);
        _cleanup.Add(transport);
        return new Node(full, node, system, transport);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup))
        {
            try
            {
                await d.DisposeAsync();
            }
            catch (TransportUnavailableException)
            {
                // a killed node's transport
            }
        }
        foreach (var s in _systems) await s.Terminate();
    }

    [Fact]
    public virtual async Task Nodes_SeeEachOtherUpWithRolesAndWork()
    {
        var robot = await StartNodeAsync("robot", "robot");
        var gpu = await StartNodeAsync("gpu", "policy");
        gpu.Cluster.LoadSource = () => new NodeLoad([], [$"{gpu.Name}/act-0"], 0.25);
        robot.Cluster.LoadSource = () => new NodeLoad(["arm-1", "arm-2"], [], 0);

        await Eventually.TrueAsync(() => robot.Cluster.Membership.StatusOf(gpu.Name) == MemberStatus.Up
                                        && gpu.Cluster.Membership.StatusOf(robot.Name) == MemberStatus.Up, "both nodes Up in each other's table");
        await Eventually.TrueAsync(() => robot.Cluster.Membership.Snapshot().Any(m => m.Node == gpu.Name && m.Workers.Count == 1), "the gpu node's worker is listed");

        var row = robot.Cluster.Membership.Snapshot().Single(m => m.Node == gpu.Name);
        Assert.Equal(["policy"], row.Roles);
        Assert.Equal(0.25, row.Load);
        Assert.Equal(["arm-1", "arm-2"], gpu.Cluster.Membership.Snapshot().Single(m => m.Node == robot.Name).Arms);
        Assert.Equal(MemberStatus.Up, robot.Cluster.Status);
    }

    [Fact]
    public virtual async Task Stop_ReachesEverySubscriberOnEveryNode_AndOnlyAnExplicitResumeLiftsIt()
    {
        var nodes = new[] { await StartNodeAsync("robot-a", "robot"), await StartNodeAsync("robot-b", "robot"), await StartNodeAsync("gpu", "policy") };
        var probes = nodes.SelectMany(n => new[] { new TestProbe(n.System, "arm-1"), new TestProbe(n.System, "arm-2") }).ToList();
        foreach (var p in probes)
        {
            p.System.EventStream.Subscribe(p.Ref, typeof(FleetStop));
            p.System.EventStream.Subscribe(p.Ref, typeof(FleetResume));
        }

        await nodes[2].Cluster.Broadcast.StopFleetAsync("person in the cell", disableTorque: false, CancellationToken.None);

        foreach (var p in probes)
        {
            var stop = await p.ExpectMsgAsync<FleetStop>();
            Assert.Equal((nodes[2].Name, "person in the cell"), (stop.Origin, stop.Reason));
        }
        await Eventually.TrueAsync(() => nodes.All(n => n.Cluster.Broadcast.ActiveStop is not null), "every node holds the STOP");

        await nodes[0].Cluster.Broadcast.ResumeFleetAsync("cell clear", CancellationToken.None);
        foreach (var p in probes) await p.FishForMessageAsync<FleetResume>();
        await Eventually.TrueAsync(() => nodes.All(n => n.Cluster.Broadcast.ActiveStop is null), "every node resumed");
    }

    [Fact]
    public virtual async Task LeaveCommand_NodeFinishesItsWorkThenExits()
    {
        var robot = await StartNodeAsync("robot", "robot");
        var gpu = await StartNodeAsync("gpu", "policy");
        var finished = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        gpu.Cluster.Leaving = async ct =>
        {
            finished.TrySetResult();
            await release.Task.WaitAsync(ct);
        };
        await Eventually.TrueAsync(() => robot.Cluster.Membership.StatusOf(gpu.Name) == MemberStatus.Up, "gpu Up");

        await robot.Cluster.Broadcast.SendCommandAsync(new MemberCommand(gpu.Name, MemberCommandKind.Leave, "cli"), CancellationToken.None);

        await finished.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => robot.Cluster.Membership.StatusOf(gpu.Name) == MemberStatus.Leaving, "others see it Leaving while it finishes");
        release.SetResult();
        await gpu.Cluster.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(MemberStatus.Exiting, gpu.Cluster.Status);
        await Eventually.TrueAsync(() => robot.Cluster.Membership.StatusOf(gpu.Name) is MemberStatus.Exiting or null, "others see it Exiting, then Removed");
        await Eventually.TrueAsync(() => robot.Cluster.Membership.StatusOf(gpu.Name) is null, "removed once silent");
    }

    [Fact]
    public virtual async Task KilledNode_IsMarkedDownByTheFailureDetector()
    {
        var robot = await StartNodeAsync("robot", "robot");
        var gpu = await StartNodeAsync("gpu", "policy");
        var changes = new TestProbe(robot.System);
        robot.System.EventStream.Subscribe(changes.Ref, typeof(MemberStatusChanged));
        await Eventually.TrueAsync(() => robot.Cluster.Membership.StatusOf(gpu.Name) == MemberStatus.Up, "gpu Up");

        await gpu.Cluster.DisposeAsync();
        await KillAsync(gpu.Transport);

        var down = await changes.FishForMessageAsync<MemberStatusChanged>(c => c.Node == gpu.Name && c.To == MemberStatus.Down);
        Assert.Contains("failure detector", down.Reason);
    }
}
