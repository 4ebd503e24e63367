using Fleet.Actors.Arm;
using Fleet.Actors.Fleets;
using Fleet.Actors.Tests.Infrastructure;
using Fleet.Actors.Tests.Kernel;
using Fleet.Hardware.Cameras;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.So101;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;

namespace Fleet.Actors.Tests.Arm;

/// <summary>
/// The arm pipeline end to end on simulated arms: the real serial code over pseudo-terminals, the real actors, the
/// local policy pool with a built-in policy. Faults are injected (stalled policy, crashing camera, dead bus) and the
/// tests wait on the arm's status, never on fixed sleeps.
/// </summary>
[Collection(RealTimeCollection.Name)]
public class ArmPipelineTests
{
    private static Func<IPolicy> Sinusoid(int chunkSize, int latencyMs) => () => new SinusoidPolicy(new SinusoidPolicyOptions(
        ChunkSize: chunkSize, Amplitude: [20, 10, 10, 10, 30, 10], Offset: [0, 0, 0, 0, 0, 50], SimulatedLatency: TimeSpan.FromMilliseconds(latencyMs)));

    [Fact]
    public async Task Run_PolicyLatencyBelowTheBound_NoStarvationTicks()
    {
        // chunk 30 at 30 fps with g = 0.5: the bound (1-g)·chunk/fps is 500 ms; the policy takes 100 ms.
        await using var fleet = new SimulatedFleet("no-starvation");
        await fleet.AddArmAsync("arm-1", "sine", 30);
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = Sinusoid(30, 100) });

        var status = await fleet.WaitForAsync("arm-1", s => s.Executed >= 120, "120 actions executed (4 s)", TimeSpan.FromSeconds(40));

        Assert.Equal(0, status.StarvationTicks);
        Assert.True(status.ChunksReceived >= 4, $"only {status.ChunksReceived} chunks for {status.Executed} actions");
        // One request per chunk: a chunk on its way to the tick's merge does not trigger a second request.
        Assert.True(status.Requests <= status.ChunksReceived + 1, $"{status.Requests} requests for {status.ChunksReceived} chunks");
        Assert.Equal(ArmState.Running, status.State);
        Assert.Equal(6, status.JointPositions.Count);
        // Budget accounting: every tick does real bus work (a SYNC_WRITE and a SYNC_READ over the pty).
        Assert.True(status.Budget is { WorkP50.Ticks: > 0 }, $"no tick work recorded: {status.Budget}");
        Assert.True(status.Tick.Ticks > 0 && status.Tick.PeriodMean > TimeSpan.Zero, $"no tick metrics: {status.Tick}");
    }

    [Fact]
    public async Task Run_SynchronousMode_WaitsForEachChunkWithTheQueueEmpty()
    {
        // The baseline: ask only when the queue ran dry, hold while waiting, then run the whole chunk.
        await using var fleet = new SimulatedFleet("sync-mode");
        await fleet.AddArmAsync("arm-1", "sine", 15, inference: new AsyncInferenceOptions(Mode: InferenceMode.Synchronous, Deadline: TimeSpan.FromSeconds(2)));
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = Sinusoid(15, 100) });

        var status = await fleet.WaitForAsync("arm-1", s => s.ChunksReceived >= 4, "four chunks", TimeSpan.FromSeconds(40));

        // Every chunk after the first was asked for with an empty queue: at least one starved tick per wait.
        Assert.True(status.StarvationTicks >= status.ChunksReceived - 1, $"{status.StarvationTicks} starvation ticks for {status.ChunksReceived} chunks");
        Assert.True(status.Requests <= status.ChunksReceived + 1, $"{status.Requests} requests for {status.ChunksReceived} chunks: more than one in flight");
    }

    [Fact]
    public async Task Run_PoolStalls_ArmDrainsTheQueueThenHoldsAndRaisesTheAlarm()
    {
        await using var fleet = new SimulatedFleet("pool-stall");
        await fleet.AddArmAsync("arm-1", "sine", 30, s => s with { PolicyAlarmAfter = 2 },
            inference: new AsyncInferenceOptions(Deadline: TimeSpan.FromMilliseconds(300)));
        var policy = new GatedPolicy(Sinusoid(30, 20)());
        var alarms = new TestProbe(fleet.System);
        fleet.System.EventStream.Subscribe(alarms.Ref, typeof(ArmAlarm));
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = () => policy }, new(Workers: 1, MaxBatch: 1));
        await fleet.WaitForAsync("arm-1", s => s.ChunksReceived >= 1 && s.QueueDepth > 0, "the first chunk");

        policy.Stall();
        var stalled = await fleet.StatusAsync("arm-1");
        // The queued actions still run...
        var drained = await fleet.WaitForAsync("arm-1", s => s.Executed > stalled.Executed && s.QueueDepth == 0 && s.StarvationTicks > 0,
            "queue drained while the pool stalls");
        Assert.True(drained.Executed >= stalled.Executed + stalled.QueueDepth - 1, "queued actions were lost instead of executed");
        // ...then the arm holds: no more actions, the joints stop where the last goal put them, and the alarm is up.
        var held = await fleet.WaitForAsync("arm-1", s => s.State == ArmState.PolicyUnreachable && s.StarvationTicks > drained.StarvationTicks + 10,
            "policy-unreachable while holding");
        var later = await fleet.WaitForAsync("arm-1", s => s.Ticks > held.Ticks + 10, "ten more ticks");
        Assert.Equal(held.Executed, later.Executed);
        Assert.Equal(held.JointPositions, later.JointPositions, (a, b) => Math.Abs(a - b) < 0.5f);
        Assert.Contains(held.Alarms, a => a.Contains("unreachable", StringComparison.Ordinal));
        var alarm = await alarms.ExpectMsgAsync<ArmAlarm>();
        Assert.True(alarm.Raised);
        Assert.Equal("policy-unreachable", alarm.Kind);

        policy.Resume();
        await fleet.WaitForAsync("arm-1", s => s.State == ArmState.Running && s.Executed > later.Executed, "moving again once the pool answers");
    }

    [Fact]
    public async Task Run_CameraCrashLoop_CameraRestartsWithBackoffWhileTheArmKeepsMoving()
    {
        int created = 0;
        ICamera Create()
        {
            Interlocked.Increment(ref created);
            return new CrashingCamera("wrist", TimeSpan.FromMilliseconds(30));
        }
        await using var fleet = new SimulatedFleet("camera-crash");
        await fleet.AddArmAsync("arm-1", "sine", 30, s => s with { CameraMinBackoff = TimeSpan.FromMilliseconds(20), CameraMaxBackoff = TimeSpan.FromMilliseconds(200) },
            cameras: [Create]);
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = Sinusoid(30, 10) });

        var first = await fleet.WaitForAsync("arm-1", s => s.Executed > 0, "moving");
        await Await.ConditionAsync(() => Volatile.Read(ref created) >= 4, "the camera restarted three times", TimeSpan.FromSeconds(20));
        var status = await fleet.WaitForAsync("arm-1", s => s.Executed > first.Executed + 30, "still moving while the camera crashes");
        Assert.Equal(0, status.StarvationTicks);
        Assert.NotEqual(ArmState.Faulted, status.State);
    }

    [Fact]
    public async Task Run_OneArmsBusDies_ThatArmFaultsAndTheOtherKeepsRunning()
    {
        await using var fleet = new SimulatedFleet("bus-fault");
        await fleet.AddArmAsync("arm-1", "sine", 30, s => s with { MaxConsecutiveBusFaults = 5 });
        await fleet.AddArmAsync("arm-2", "sine", 30);
        var alarms = new TestProbe(fleet.System);
        fleet.System.EventStream.Subscribe(alarms.Ref, typeof(ArmAlarm));
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = Sinusoid(30, 10) });
        await fleet.WaitForAsync("arm-1", s => s.Executed > 10, "arm-1 moving");
        await fleet.WaitForAsync("arm-2", s => s.Executed > 10, "arm-2 moving");

        // The simulator stops answering: every packet of arm-1's bus is lost from now on.
        fleet.Simulator("arm-1").Faults = Hardware.Simulation.FaultSpec.Parse("drop=1");

        var faulted = await fleet.WaitForAsync("arm-1", s => s.State == ArmState.Faulted, "arm-1 faulted");
        Assert.NotNull(faulted.LastFault);
        Assert.Contains(faulted.Alarms, a => a.Contains("servo bus failed", StringComparison.Ordinal));
        var alarm = await alarms.ExpectMsgAsync<ArmAlarm>();
        Assert.Equal(("arm-1", "bus-fault", true), (alarm.ArmId, alarm.Kind, alarm.Raised));
        var other = await fleet.StatusAsync("arm-2");
        var still = await fleet.WaitForAsync("arm-2", s => s.Executed > other.Executed + 30, "arm-2 still moving");
        Assert.Equal(ArmState.Running, still.State);
        // A loaded machine may cost arm-2 a retried read now and then, but never an alarm.
        Assert.Empty(still.Alarms);
    }

    [Fact]
    public async Task Release_CleanShutdown_DisablesTorqueOnEveryServo()
    {
        await using var fleet = new SimulatedFleet("torque-off");
        await fleet.AddArmAsync("arm-1", "sine", 30);
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = Sinusoid(30, 10) });
        await fleet.WaitForAsync("arm-1", s => s.Executed > 10, "moving");
        Assert.All(So101Motor.All, m => Assert.Equal(1, fleet.Simulator("arm-1").WithServo(m.Id, s => s.Get(ControlTable.TorqueEnable))));

        var held = await fleet.Fleet.Ask<List<ArmHeld>>(new HoldArm(), TimeSpan.FromSeconds(10));
        var released = await fleet.Fleet.Ask<List<ArmReleased>>(new ReleaseArm(KeepTorque: false), TimeSpan.FromSeconds(10));

        Assert.Equal(["arm-1"], held.Select(h => h.ArmId));
        var release = Assert.Single(released);
        Assert.True(release.TorqueDisabled, release.Error);
        Assert.All(So101Motor.All, m => Assert.Equal(0, fleet.Simulator("arm-1").WithServo(m.Id, s => s.Get(ControlTable.TorqueEnable))));
        Assert.Equal(ArmState.Holding, (await fleet.StatusAsync("arm-1")).State);
    }

    [Fact]
    public async Task Release_ArmConfiguredToKeepTorque_LeavesTorqueOn()
    {
        await using var fleet = new SimulatedFleet("torque-kept");
        await fleet.AddArmAsync("arm-1", "sine", 30, s => s with { KeepTorqueOnExit = true });
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = Sinusoid(30, 10) });
        await fleet.WaitForAsync("arm-1", s => s.Executed > 5, "moving");

        var released = await fleet.Fleet.Ask<List<ArmReleased>>(new ReleaseArm(KeepTorque: false), TimeSpan.FromSeconds(10));

        Assert.False(Assert.Single(released).TorqueDisabled);
        Assert.All(So101Motor.All, m => Assert.Equal(1, fleet.Simulator("arm-1").WithServo(m.Id, s => s.Get(ControlTable.TorqueEnable))));
    }

    [Fact]
    public async Task GetArmStatus_UnknownArm_RepliesArmNotFoundWithTheKnownArms()
    {
        await using var fleet = new SimulatedFleet("not-found");
        await fleet.AddArmAsync("arm-1", "sine", 30);
        fleet.Start(new Dictionary<string, Func<IPolicy>> { ["sine"] = Sinusoid(30, 10) });

        var reply = await fleet.Fleet.Ask<ArmNotFound>(new GetArmStatus("arm-9"), TimeSpan.FromSeconds(10));

        Assert.Equal("arm-9", reply.ArmId);
        Assert.Equal(["arm-1"], reply.Known);
    }
}
