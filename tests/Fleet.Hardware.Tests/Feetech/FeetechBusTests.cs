using Fleet.Hardware.Feetech;
using Fleet.Hardware.Tests.Infrastructure;

namespace Fleet.Hardware.Tests.Feetech;

public class FeetechBusTests
{
    private static readonly byte[] Ids = [1, 2, 3, 4, 5, 6];

    [Fact]
    public async Task PingAsync_present_servo_returns_sts3215_model()
    {
        using var f = new SimulatedBusFixture();
        Assert.Equal(777, await f.Bus.PingAsync(3, CancellationToken.None));
    }

    [Fact]
    public async Task PingAsync_absent_servo_returns_null()
    {
        using var f = new SimulatedBusFixture();
        Assert.Null(await f.Bus.PingAsync(9, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_then_ReadAsync_returns_written_signed_value()
    {
        using var f = new SimulatedBusFixture();
        await f.Bus.WriteAsync(2, ControlTable.HomingOffset, -1470, CancellationToken.None);
        Assert.Equal(-1470, await f.Bus.ReadAsync(2, ControlTable.HomingOffset, CancellationToken.None));
        Assert.Equal(0x0DBE, f.Simulator.WithServo(2, s => s.Get(ControlTable.HomingOffset) is var v && v < 0 ? 0x800 | -v : v));
    }

    [Fact]
    public async Task SyncWriteAsync_goals_are_reached_and_SyncReadAsync_reports_them()
    {
        using var f = new SimulatedBusFixture();
        foreach (var id in Ids) await f.Bus.WriteAsync(id, ControlTable.TorqueEnable, 1, CancellationToken.None);
        int[] goals = [1500, 1800, 2100, 2400, 2700, 3000];
        await f.Bus.SyncWriteAsync(ControlTable.GoalPosition, Ids, goals, CancellationToken.None);
        var present = new int[6];
        await Until.TrueAsync(async () =>
        {
            await f.Bus.SyncReadAsync(ControlTable.PresentPosition, Ids, present, CancellationToken.None);
            return present.SequenceEqual(goals);
        }, "servos reach their goals");
    }

    [Fact]
    public async Task BroadcastPingAsync_finds_every_servo()
    {
        using var f = new SimulatedBusFixture();
        var found = await f.Bus.BroadcastPingAsync(CancellationToken.None);
        Assert.Equal(Ids, found.Keys);
    }

    [Fact]
    public async Task WriteAsync_new_id_moves_the_servo_to_that_id()
    {
        using var f = new SimulatedBusFixture(ids: [1]);
        await f.Bus.WriteAsync(1, ControlTable.Id, 7, CancellationToken.None);
        Assert.Null(await f.Bus.PingAsync(1, CancellationToken.None));
        Assert.Equal(777, await f.Bus.PingAsync(7, CancellationToken.None));
    }

    [Fact]
    public async Task ScanAsync_finds_servo_only_at_its_baud_rate()
    {
        using var f = new SimulatedBusFixture(ids: [4]);
        await f.Bus.WriteAsync(4, ControlTable.BaudRate, BaudRateTable.CodeForRate(115_200)!.Value, CancellationToken.None);
        f.Bus.Dispose();
        var found = await BusScanner.ScanAsync(f.Simulator.PortPath, [1_000_000, 115_200, 250_000],
            SimulatedBusFixture.Tolerant, CancellationToken.None);
        var servo = Assert.Single(found);
        Assert.Equal((4, 777, 115_200, "3.10"), ((int)servo.Id, servo.ModelNumber, servo.BaudRate, servo.Firmware));
    }

    [Fact]
    public void FeetechTimeouts_match_lerobots_formula()
    {
        Assert.Equal(50.09, FeetechTimeouts.Ping(1_000_000, 50).TotalMilliseconds, 3);
        Assert.Equal(50.11, FeetechTimeouts.Read(2, 1_000_000, 50).TotalMilliseconds, 3);
        Assert.Equal(50.51, FeetechTimeouts.SyncRead(2, 6, 1_000_000, 50).TotalMilliseconds, 3);
        Assert.Equal(787.12, FeetechTimeouts.BroadcastPing(1_000_000).TotalMilliseconds, 3);
    }

    [Fact]
    public async Task ScanIdsAsync_finds_each_servo_with_model_and_firmware()
    {
        using var f = new SimulatedBusFixture(ids: [2, 5]);
        var found = await f.Bus.ScanIdsAsync(1, 6, CancellationToken.None);
        Assert.Equal([(byte)2, (byte)5], found.Select(s => s.Id));
        Assert.All(found, s => Assert.Equal(("sts3215", "3.10", 1_000_000), (s.ModelName, s.Firmware, s.BaudRate)));
    }
}
