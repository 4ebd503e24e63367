using Fleet.Hardware.Feetech;
using Fleet.Hardware.Tests.Infrastructure;

namespace Fleet.Hardware.Tests.Simulation;

/// <summary>Control-table semantics of the simulated STS3215, observed over the pty.</summary>
public class SimulatedServoTests
{
    [Fact]
    public async Task Eprom_write_with_lock_set_is_lost_on_power_cycle()
    {
        using var f = new SimulatedBusFixture(ids: [1]);
        await f.Bus.WriteAsync(1, ControlTable.Lock, 1, CancellationToken.None);
        await f.Bus.WriteAsync(1, ControlTable.MaxPositionLimit, 3000, CancellationToken.None);
        Assert.Equal(3000, await f.Bus.ReadAsync(1, ControlTable.MaxPositionLimit, CancellationToken.None));
        f.Simulator.WithServo(1, s => s.PowerCycle());
        Assert.Equal(4095, await f.Bus.ReadAsync(1, ControlTable.MaxPositionLimit, CancellationToken.None));
    }

    [Fact]
    public async Task Eprom_write_with_lock_clear_survives_power_cycle()
    {
        using var f = new SimulatedBusFixture(ids: [1]);
        await f.Bus.WriteAsync(1, ControlTable.Lock, 0, CancellationToken.None);
        await f.Bus.WriteAsync(1, ControlTable.HomingOffset, -300, CancellationToken.None);
        f.Simulator.WithServo(1, s => s.PowerCycle());
        Assert.Equal(-300, await f.Bus.ReadAsync(1, ControlTable.HomingOffset, CancellationToken.None));
        Assert.Equal(0, await f.Bus.ReadAsync(1, ControlTable.TorqueEnable, CancellationToken.None));
    }

    [Fact]
    public async Task Torque_off_servo_ignores_goal_and_torque_on_servo_moves_with_moving_flag()
    {
        using var f = new SimulatedBusFixture(ids: [2]);
        await f.Bus.WriteAsync(2, ControlTable.GoalPosition, 3000, CancellationToken.None);
        Assert.Equal(2047, await f.Bus.ReadAsync(2, ControlTable.PresentPosition, CancellationToken.None));
        await f.Bus.WriteAsync(2, ControlTable.TorqueEnable, 1, CancellationToken.None);
        await f.Bus.WriteAsync(2, ControlTable.Acceleration, 10, CancellationToken.None); // 1000 steps/s²: a visible ramp
        await f.Bus.WriteAsync(2, ControlTable.GoalPosition, 3000, CancellationToken.None);
        var sawMoving = false;
        await Until.TrueAsync(async () =>
        {
            sawMoving |= await f.Bus.ReadAsync(2, ControlTable.Moving, CancellationToken.None) == 1;
            return await f.Bus.ReadAsync(2, ControlTable.PresentPosition, CancellationToken.None) == 3000;
        }, "the servo reaches its goal");
        Assert.True(sawMoving, "Moving should read 1 during the ramp");
        Assert.Equal(0, await f.Bus.ReadAsync(2, ControlTable.Moving, CancellationToken.None));
    }

    [Fact]
    public async Task Goal_outside_position_limits_stops_at_the_limit()
    {
        using var f = new SimulatedBusFixture(ids: [3]);
        await f.Bus.WriteAsync(3, ControlTable.MaxPositionLimit, 2500, CancellationToken.None);
        await f.Bus.WriteAsync(3, ControlTable.TorqueEnable, 1, CancellationToken.None);
        await f.Bus.WriteAsync(3, ControlTable.GoalPosition, 4000, CancellationToken.None);
        await Until.TrueAsync(async () => await f.Bus.ReadAsync(3, ControlTable.Moving, CancellationToken.None) == 0
            && await f.Bus.ReadAsync(3, ControlTable.PresentPosition, CancellationToken.None) == 2500, "the servo settles at its limit");
    }

    [Fact]
    public async Task Response_status_level_zero_silences_write_acknowledgements_but_not_reads()
    {
        using var f = new SimulatedBusFixture(ids: [1], options: new FeetechBusOptions(LatencyMs: 40, WriteRetries: 0));
        await f.Bus.WriteAsync(1, ControlTable.ResponseStatusLevel, 0, CancellationToken.None);
        var e = await Assert.ThrowsAsync<FeetechCommunicationException>(() => f.Bus.WriteAsync(1, ControlTable.Acceleration, 5, CancellationToken.None).AsTask());
        Assert.Equal(CommunicationFailure.NoStatusPacket, e.Failure);
        Assert.Equal(5, await f.Bus.ReadAsync(1, ControlTable.Acceleration, CancellationToken.None));
    }
}
