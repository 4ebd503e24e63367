using Fleet.Actors;
using Fleet.Actors.Fleets;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;
using Fleet.Messages.Wire;

namespace Fleet.Cluster.Tests.Broadcast;

/// <summary>
/// Issue 8 §5 on the in-memory broker: a STOP broadcast from one node (or from a CLI that is no member) holds every
/// arm of every node, stays in force against per-arm resumes, and only an explicit RESUME lifts it.
/// </summary>
public sealed class FleetStopArmsTests : IAsyncLifetime
{
    private readonly InMemoryBroker _broker = new();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private SimulatedArmNode _a = null!, _b = null!;

    public async Task InitializeAsync()
    {
        _a = await SimulatedArmNode.StartAsync("robot-a", new InMemoryTransport(_broker, "robot-a"), arms: 2);
        _cleanup.Add(_a);
        _b = await SimulatedArmNode.StartAsync("robot-b", new InMemoryTransport(_broker, "robot-b"), arms: 1);
        _cleanup.Add(_b);
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
    }

    private IEnumerable<(SimulatedArmNode Node, string Arm)> EveryArm => new[] { _a, _b }.SelectMany(n => n.Arms.Select(a => (n, a)));

    [Fact]
    public async Task StopFromTheCli_HoldsEveryArmOfEveryNode_UntilAnExplicitResume()
    {
        foreach (var (node, arm) in EveryArm) await node.WaitForAsync(arm, s => s.Executed >= 10, "running");
        await using var cli = new Fleet.Cluster.Broadcast.FleetBroadcast(new InMemoryTransport(_broker, "cli-lab"), new WireCodec(), "cli-lab", null);

        await cli.StopFleetAsync("e-stop pressed", disableTorque: false, CancellationToken.None);

        var held = new Dictionary<string, ArmStatus>();
        foreach (var (node, arm) in EveryArm)
            held[arm] = await node.WaitForAsync(arm, s => s.State == ArmState.Holding && s.FleetStop?.Origin == "cli-lab", "held by cli-lab's STOP");
        // A per-arm resume does not lift a fleet-wide STOP.
        var refused = await _a.Fleet.Ask<Fleet.Actors.Fleets.ArmResumed>(new ResumeArm(_a.Arms[0]), TimeSpan.FromSeconds(10));
        Assert.False(refused.Resumed);
        foreach (var (node, arm) in EveryArm)
        {
            var later = await node.WaitForAsync(arm, s => s.Ticks > held[arm].Ticks + 15, "15 more ticks");
            Assert.Equal(ArmState.Holding, later.State);
            Assert.True(later.Executed <= held[arm].Executed + 1, $"{arm} executed {later.Executed - held[arm].Executed} actions while stopped");
        }

        await cli.ResumeFleetAsync("area clear", CancellationToken.None);

        foreach (var (node, arm) in EveryArm)
        {
            var resumed = await node.WaitForAsync(arm, s => s.Executed > held[arm].Executed + 10, "executing after RESUME");
            Assert.Null(resumed.FleetStop);
        }
    }

    [Fact]
    public async Task StopFromANode_ReachesItsOwnArmsAndTheOthers()
    {
        foreach (var (node, arm) in EveryArm) await node.WaitForAsync(arm, s => s.Executed >= 10, "running");

        await _b.Cluster.Broadcast.StopFleetAsync("collision on robot-b", disableTorque: false, CancellationToken.None);

        foreach (var (node, arm) in EveryArm)
        {
            var s = await node.WaitForAsync(arm, s => s.State == ArmState.Holding, "held");
            Assert.Equal("robot-b", s.FleetStop?.Origin);
            Assert.Contains(s.Alarms, a => a.Contains("collision on robot-b"));
        }
    }

    [Fact]
    public async Task ANodeThatStartsAfterAStop_LearnsItFromHeartbeats_AndResumesOnlyWithTheFleet()
    {
        foreach (var (node, arm) in EveryArm) await node.WaitForAsync(arm, s => s.Executed >= 10, "running");
        await _a.Cluster.Broadcast.StopFleetAsync("cell door open", disableTorque: false, CancellationToken.None);
        foreach (var (node, arm) in EveryArm) await node.WaitForAsync(arm, s => s.State == ArmState.Holding, "held");

        // robot-c had no control queue when the STOP went out: only the members' heartbeats can tell it.
        var late = await SimulatedArmNode.StartAsync("robot-c", new InMemoryTransport(_broker, "robot-c"), arms: 1);
        _cleanup.Add(late);

        var held = await late.WaitForAsync(late.Arms[0], s => s.State == ArmState.Holding && s.FleetStop?.Origin == "robot-a", "held by robot-a's STOP");
        Assert.Contains(held.Alarms, a => a.Contains("cell door open"));
        Assert.True(late.Cluster.Broadcast.Adopted >= 1);

        await _b.Cluster.Broadcast.ResumeFleetAsync("door closed", CancellationToken.None);

        foreach (var (node, arm) in EveryArm.Append((late, late.Arms[0])))
            await node.WaitForAsync(arm, s => s.State != ArmState.Holding && s.FleetStop is null, "moving after RESUME");
        // Heartbeats still in flight carry the old STOP; it is older than the RESUME, so nobody stops again.
        var resumed = await late.WaitForAsync(late.Arms[0], s => s.Ticks > held.Ticks + 20, "20 more ticks");
        Assert.Null(resumed.FleetStop);
    }
}
