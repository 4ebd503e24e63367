using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Hardware.Tests.Infrastructure;

namespace Fleet.Hardware.Tests.So101;

public class So101ArmTests
{
    private static FeetechBus Open(SimulatedArmBus arm) => FeetechBus.Open(arm.PortPath, options: SimulatedBusFixture.Tolerant);

    [Fact]
    public async Task ConnectAsync_simulated_arm_passes_lerobots_handshake_and_is_calibrated()
    {
        using var sim = new SimulatedArmBus(new SimulatedArmOptions(RealisticTiming: false));
        using var follower = new So101Follower(Open(sim), SimulatedArmBus.DefaultCalibration);
        await follower.ConnectAsync(CancellationToken.None);
        Assert.True(await follower.IsCalibratedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ConnectAsync_missing_motor_names_it()
    {
        using var sim = new SimulatedArmBus(new SimulatedArmOptions(RealisticTiming: false));
        sim.Simulator.WithServo(3, s => s.Set(ControlTable.Id, 9));
        using var follower = new So101Follower(Open(sim), SimulatedArmBus.DefaultCalibration);
        var e = await Assert.ThrowsAsync<ArmHandshakeException>(() => follower.ConnectAsync(CancellationToken.None));
        Assert.Contains("'elbow_flex' (id 3) did not answer", e.Message);
    }

    [Fact]
    public async Task ConfigureAsync_follower_writes_lerobots_settings_and_enables_torque()
    {
        using var sim = new SimulatedArmBus(new SimulatedArmOptions(RealisticTiming: false));
        sim.Simulator.WithServo(2, s => s.Set(ControlTable.Phase, 0x1C));
        using var follower = new So101Follower(Open(sim), SimulatedArmBus.DefaultCalibration);
        await follower.ConfigureAsync(CancellationToken.None);
        foreach (var id in So101Motor.Ids())
        {
            sim.Simulator.WithServo(id, s =>
            {
                Assert.Equal((0, 254, 254, 0, 16, 0, 32, 1, 1), (s.Get(ControlTable.ReturnDelayTime), s.Get(ControlTable.MaximumAcceleration),
                    s.Get(ControlTable.Acceleration), s.Get(ControlTable.OperatingMode), s.Get(ControlTable.PCoefficient),
                    s.Get(ControlTable.ICoefficient), s.Get(ControlTable.DCoefficient), s.Get(ControlTable.TorqueEnable), s.Get(ControlTable.Lock)));
                Assert.Equal(0, s.Get(ControlTable.Phase) & 0x10);
            });
        }
        sim.Simulator.WithServo(6, s => Assert.Equal((500, 250, 25), (s.Get(ControlTable.MaxTorqueLimit), s.Get(ControlTable.ProtectionCurrent), s.Get(ControlTable.OverloadTorque))));
    }

    [Fact]
    public async Task ConfigureAsync_leader_keeps_torque_off()
    {
        using var sim = new SimulatedArmBus(new SimulatedArmOptions(Leader: true, RealisticTiming: false));
        using var leader = new So101Leader(Open(sim), SimulatedArmBus.DefaultCalibration);
        await leader.ConfigureAsync(CancellationToken.None);
        foreach (var id in So101Motor.Ids()) Assert.Equal(0, sim.Simulator.WithServo(id, s => s.Get(ControlTable.TorqueEnable)));
    }

    [Fact]
    public async Task SendActionAsync_goal_beyond_max_relative_target_is_clamped_on_the_wire()
    {
        using var sim = new SimulatedArmBus(new SimulatedArmOptions(RealisticTiming: false));
        using var follower = new So101Follower(Open(sim), SimulatedArmBus.DefaultCalibration, new So101ArmOptions(MaxRelativeTarget: 5));
        await follower.ConfigureAsync(CancellationToken.None);
        var sent = (await follower.SendActionAsync(new double[] { 40, -40, 0, 0, 0, 90 }, CancellationToken.None)).ToArray();
        // Present was 2047 raw on every joint (mid-range), i.e. about -0.04° after normalization.
        var rest = Normalization.Normalize(2047, SimulatedArmBus.DefaultCalibration["shoulder_pan"], NormMode.Degrees);
        Assert.Equal(rest + 5, sent[0], 9);
        Assert.Equal(rest - 5, sent[1], 9);
        var expectedRaw = Normalization.Unnormalize(sent[0], SimulatedArmBus.DefaultCalibration["shoulder_pan"], NormMode.Degrees);
        Assert.Equal(expectedRaw, await follower.Bus.ReadAsync(1, ControlTable.GoalPosition, CancellationToken.None));
        Assert.True(follower.ClampedGoals >= 3);
    }

    [Fact]
    public async Task SendActionAsync_goal_outside_calibrated_range_is_clamped_to_range_limit()
    {
        using var sim = new SimulatedArmBus(new SimulatedArmOptions(RealisticTiming: false));
        using var follower = new So101Follower(Open(sim), SimulatedArmBus.DefaultCalibration);
        await follower.ConfigureAsync(CancellationToken.None);
        var sent = (await follower.SendActionAsync(new double[] { 170, 0, 0, 0, 0, 0 }, CancellationToken.None)).ToArray();
        var pan = SimulatedArmBus.DefaultCalibration["shoulder_pan"];
        Assert.Equal(Normalization.NormalizedRange(pan, NormMode.Degrees).High, sent[0]);
        // A round trip after the unanswered SYNC_WRITE guarantees the simulator has applied it.
        Assert.InRange(await follower.Bus.ReadAsync(1, ControlTable.GoalPosition, CancellationToken.None), pan.RangeMax - 1, pan.RangeMax);
    }

    [Fact]
    public async Task Dispose_follower_disables_torque()
    {
        using var sim = new SimulatedArmBus(new SimulatedArmOptions(RealisticTiming: false));
        var follower = new So101Follower(Open(sim), SimulatedArmBus.DefaultCalibration);
        await follower.ConfigureAsync(CancellationToken.None);
        Assert.Equal(1, sim.Simulator.WithServo(4, s => s.Get(ControlTable.TorqueEnable)));
        follower.Dispose();
        foreach (var id in So101Motor.Ids()) Assert.Equal(0, sim.Simulator.WithServo(id, s => s.Get(ControlTable.TorqueEnable)));
    }

    [Fact]
    public async Task Calibration_round_trip_homes_records_saves_and_verifies_over_the_pty()
    {
        using var sim = new SimulatedArmBus(new SimulatedArmOptions(Leader: true, Calibrated: false, RealisticTiming: false, TrajectoryPeriod: 1.5));
        using var leader = new So101Leader(Open(sim));
        var offsets = await ArmCalibrator.SetHalfTurnHomingsAsync(leader, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var (min, max) = await ArmCalibrator.RecordRangesAsync(leader, sample =>
        {
            // Finish once every recorded joint has swept at least 300 ticks, as a user would before pressing Enter.
            if (Enumerable.Range(0, 6).Where(i => i != 4).All(i => sample.Max[i] - sample.Min[i] >= 300)) stop.Cancel();
        }, stop.Token, CancellationToken.None);
        var calibration = ArmCalibrator.Build(offsets, min, max);
        Assert.Equal((0, 4095), (calibration["wrist_roll"].RangeMin, calibration["wrist_roll"].RangeMax));
        Assert.True(calibration["elbow_flex"].RangeMax - calibration["elbow_flex"].RangeMin >= 300);

        await leader.WriteCalibrationAsync(calibration, CancellationToken.None);
        var dir = Directory.CreateTempSubdirectory("fleet-cal-");
        try
        {
            var path = CalibrationPaths.For(ArmRole.Leader, "bench-leader", null, k => k == "HF_LEROBOT_CALIBRATION" ? dir.FullName : null);
            await CalibrationFile.SaveAsync(calibration, path, CancellationToken.None);
            Assert.EndsWith("teleoperators/so_leader/bench-leader.json", path);
            var loaded = await CalibrationFile.LoadAsync(path, CancellationToken.None);
            Assert.Equal(calibration.Entries, loaded.Entries);

            leader.Dispose();
            using var reopened = new So101Leader(Open(sim), loaded);
            Assert.True(await reopened.IsCalibratedAsync(CancellationToken.None));
            sim.Simulator.WithServo(3, s => Assert.Equal(loaded["elbow_flex"].HomingOffset, s.Get(ControlTable.HomingOffset)));
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task Teleoperation_follower_tracks_simulated_leader_within_tolerance()
    {
        using var host = new ServoBusHost();
        using var leaderSim = new SimulatedArmBus(host, new SimulatedArmOptions(Leader: true));
        using var followerSim = new SimulatedArmBus(host);
        using var leader = new So101Leader(Open(leaderSim), SimulatedArmBus.DefaultCalibration);
        using var follower = new So101Follower(Open(followerSim), SimulatedArmBus.DefaultCalibration);
        await leader.ConfigureAsync(CancellationToken.None);
        await follower.ConfigureAsync(CancellationToken.None);

        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var closeTicks = 0;
        double worst = 0;
        var leaderMoved = false;
        TeleopTick? first = null;
        await Teleoperation.RunAsync(leader, follower, 60, tick =>
        {
            first ??= tick;
            leaderMoved |= Math.Abs(tick.Action[0] - first.Action[0]) > 5;
            // The follower observed this tick trails the leader by about one tick of motion.
            var error = Enumerable.Range(0, 5).Max(i => Math.Abs(tick.Observed[i] - tick.Action[i]));
            if (tick.Index > 30 && error < 6) { closeTicks++; worst = Math.Max(worst, error); }
            else if (tick.Index > 30) closeTicks = 0;
            if (closeTicks >= 60 && leaderMoved) done.Cancel();
        }, done.Token);
        Assert.True(leaderMoved, "the simulated leader should have moved");
        Assert.True(closeTicks >= 60, $"the follower did not stay within 6° of the leader for 60 consecutive ticks (streak {closeTicks})");
    }
}
