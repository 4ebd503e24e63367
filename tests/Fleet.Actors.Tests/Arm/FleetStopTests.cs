using Fleet.Actors.Arm;
using Fleet.Actors.Fleets;
using Fleet.Actors.Tests.Infrastructure;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.So101;
using Fleet.Messages;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;

namespace Fleet.Actors.Tests.Arm;

/// <summary>
/// Fleet-wide STOP/RESUME as the arm pipeline sees them: <see cref="FleetStop"/> and <see cref="FleetResume"/> published
/// on the actor system's EventStream (where the cluster's broadcast puts them), on simulated arms over ptys.
/// </summary>
[Collection(RealTimeCollection.Name)]
public class FleetStopTests
{
    private static Func<IPolicy> Sinusoid() => () => new SinusoidPolicy(new SinusoidPolicyOptions(
        ChunkSize: 30, Amplitude: [20, 10, 10, 10, 30, 10], Offset: [0, 0, 0, 0, 0, 50], SimulatedLatency: TimeSpan.FromMilliseconds(20)));

    private static async Task<SimulatedFleet> RunningFleetAsync(string name, params string[] arms)
    {
        var fleet = new SimulatedFleet(name);
        foreach (var arm in arms) await fleet.AddArmAsync(arm, "sine", 30);
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = Sinusoid() });
        foreach (var arm in arms) await fleet.WaitForAsync(arm, s => s.Executed >= 10, "10 actions executed");
        return fleet;
    }

    [Fact]
    public async Task FleetStop_EveryArmStopsExecutingOnItsNextTicksAndShowsWhoSentIt()
    {
        await using var fleet = await RunningFleetAsync("fleet-stop", "arm-1", "arm-2");
        var states = new TestProbe(fleet.System);
        fleet.System.EventStream.Subscribe(states.Ref, typeof(ServoState));
        await states.ExpectMsgAsync<ServoState>(timeout: TimeSpan.FromSeconds(10));
        var before = new Dictionary<string, long>();
        while (states.TryReceive(out var m)) if (m is ServoState s) before[s.ArmId] = s.Executed;

        fleet.System.EventStream.Publish(new FleetStop("gpu-7", "operator pressed STOP", DateTimeOffset.UtcNow));

        // Twenty more ticks of each arm: execution stops at once (the tick in progress, plus the mailbox hop that
        // delivers the STOP to the servo actor, may still run an action or two), and stays stopped.
        var after = new Dictionary<string, List<ServoState>> { ["arm-1"] = [], ["arm-2"] = [] };
        while (after.Values.Any(l => l.Count < 20))
        {
            var s = await states.ExpectMsgAsync<ServoState>(timeout: TimeSpan.FromSeconds(10));
            after[s.ArmId].Add(s);
        }
        foreach (var (arm, list) in after)
        {
            var baseline = before.GetValueOrDefault(arm, list[0].Executed);
            Assert.True(list[^1].Executed - baseline <= 3, $"{arm} executed {list[^1].Executed - baseline} actions after the STOP was published");
            Assert.Equal(list[5].Executed, list[^1].Executed); // and nothing more in the 15 ticks after
        }
        var status = await fleet.StatusAsync("arm-2");
        Assert.Equal(ArmState.Holding, status.State);
        Assert.Equal("gpu-7", status.FleetStop?.Origin);
        Assert.Contains(status.Alarms, a => a.Contains("gpu-7") && a.Contains("operator pressed STOP"));
        // Torque stays on: the arm holds its position.
        Assert.All(So101Motor.All, m => Assert.Equal(1, fleet.Simulator("arm-1").WithServo(m.Id, s => s.Get(ControlTable.TorqueEnable))));
    }

    [Fact]
    public async Task FleetStop_OutlastsPerArmResume_UntilFleetResume()
    {
        await using var fleet = await RunningFleetAsync("fleet-resume", "arm-1");
        fleet.System.EventStream.Publish(new FleetStop("cli-lab", "inspection", DateTimeOffset.UtcNow));
        var held = await fleet.WaitForAsync("arm-1", s => s.State == ArmState.Holding, "held by the fleet STOP");

        var refused = await fleet.Fleet.Ask<ArmResumed>(new ResumeArm("arm-1"), TimeSpan.FromSeconds(10));
        Assert.False(refused.Resumed);
        Assert.Contains("fleet-wide STOP from cli-lab", refused.Reason);
        var still = await fleet.WaitForAsync("arm-1", s => s.Ticks > held.Ticks + 15, "15 more ticks");
        Assert.Equal(ArmState.Holding, still.State);
        Assert.True(still.Executed <= held.Executed + 3, $"executed {still.Executed - held.Executed} actions after a refused resume");

        fleet.System.EventStream.Publish(new FleetResume("cli-lab", "area clear", DateTimeOffset.UtcNow));

        var resumed = await fleet.WaitForAsync("arm-1", s => s.Executed > still.Executed + 10, "executing again after RESUME");
        Assert.Null(resumed.FleetStop);
        Assert.NotEqual(ArmState.Holding, resumed.State);
    }

    [Fact]
    public async Task FleetStopWithTorqueOff_DisablesTorque_AndResumeEnablesItAgain()
    {
        await using var fleet = await RunningFleetAsync("fleet-torque", "arm-1");
        var sim = fleet.Simulator("arm-1");
        bool Torque(int value) => So101Motor.All.All(m => sim.WithServo(m.Id, s => s.Get(ControlTable.TorqueEnable)) == value);

        fleet.System.EventStream.Publish(new FleetStop("gpu-1", "collision", DateTimeOffset.UtcNow, DisableTorque: true));
        await fleet.WaitForAsync("arm-1", _ => Torque(0), "torque disabled on every motor");
        var stopped = await fleet.StatusAsync("arm-1");
        Assert.Contains(stopped.Alarms, a => a.Contains("torque off"));

        fleet.System.EventStream.Publish(new FleetResume("gpu-1", "cleared", DateTimeOffset.UtcNow));
        await fleet.WaitForAsync("arm-1", s => Torque(1) && s.Executed > stopped.Executed + 5, "torque back on and executing");
    }
}
