using Fleet.Hardware.Feetech;
using Fleet.Hardware.Feetech.Protocol;
using Fleet.Hardware.Serial;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.Tests.Infrastructure;

namespace Fleet.Hardware.Tests.Simulation;

/// <summary>Each fault of the SPEC over a real pty: the documented error, or a read that recovers.</summary>
public class FaultInjectionTests
{
    private static readonly byte[] Ids = [1, 2, 3, 4, 5, 6];
    private static readonly FeetechBusOptions Quick = new(LatencyMs: 40, ReadRetries: 2, WriteRetries: 0);

    [Fact]
    public async Task Drop_every_reply_gives_no_status_packet_after_three_tries()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("drop=1"), options: Quick);
        var e = await Assert.ThrowsAsync<FeetechCommunicationException>(() =>
            f.Bus.SyncReadAsync(ControlTable.PresentPosition, Ids, new int[6], CancellationToken.None).AsTask());
        Assert.Equal(CommunicationFailure.NoStatusPacket, e.Failure);
        Assert.Equal(3, e.Tries);
        Assert.Contains("There is no status packet!", e.Message);
        Assert.Contains("sync read 'Present_Position' on ids=[1, 2, 3, 4, 5, 6]", e.Message);
    }

    [Fact]
    public async Task Corrupt_every_checksum_gives_incorrect_status_packet()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("corrupt=1"), options: Quick);
        var e = await Assert.ThrowsAsync<FeetechCommunicationException>(() => f.Bus.ReadAsync(3, ControlTable.PresentPosition, CancellationToken.None).AsTask());
        Assert.Equal(CommunicationFailure.IncorrectStatusPacket, e.Failure);
        Assert.Contains("Incorrect status packet!", e.Message);
    }

    [Fact]
    public async Task Noise_before_every_reply_is_skipped_and_reads_recover()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("noise=1:12,seed=5"), options: SimulatedBusFixture.Tolerant);
        var values = new int[6];
        for (var i = 0; i < 20; i++) await f.Bus.SyncReadAsync(ControlTable.PresentPosition, Ids, values, CancellationToken.None);
        Assert.All(values, v => Assert.Equal(2047, v));
        Assert.True(f.Bus.Statistics.SkippedBytes > 0, "noise bytes should have been skipped");
    }

    [Fact]
    public async Task Delay_longer_than_the_timeout_gives_no_status_packet()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("delay=1:400"), options: Quick with { ReadRetries = 0 });
        var e = await Assert.ThrowsAsync<FeetechCommunicationException>(() => f.Bus.ReadAsync(1, ControlTable.ModelNumber, CancellationToken.None).AsTask());
        Assert.Equal(CommunicationFailure.NoStatusPacket, e.Failure);
    }

    [Fact]
    public async Task Delay_within_the_timeout_recovers()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("delay=1:5"), options: SimulatedBusFixture.Tolerant);
        Assert.Equal(777, await f.Bus.ReadAsync(1, ControlTable.ModelNumber, CancellationToken.None));
    }

    [Fact]
    public async Task Partial_drops_are_recovered_by_retries()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("drop=0.02,seed=3"), options: Quick with { ReadRetries = 10 });
        var values = new int[6];
        for (var i = 0; i < 60; i++) await f.Bus.SyncReadAsync(ControlTable.PresentPosition, Ids, values, CancellationToken.None);
        Assert.True(f.Bus.Statistics.Retries > 0, "some replies should have been dropped and retried");
        Assert.Equal(0, f.Bus.Statistics.Failures);
    }

    [Fact]
    public async Task Overload_error_bit_fails_unicast_reads_naming_servo_and_condition()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("error=overload@6"));
        var e = await Assert.ThrowsAsync<ServoErrorException>(() => f.Bus.ReadAsync(6, ControlTable.MinPositionLimit, CancellationToken.None).AsTask());
        Assert.Equal((6, StatusError.Overload), (e.Id, e.Error));
        Assert.Contains("Servo 6", e.Message);
        Assert.Contains("overload", e.Message);
        Assert.Equal(0, await f.Bus.ReadAsync(5, ControlTable.MinPositionLimit, CancellationToken.None));
    }

    [Fact]
    public async Task Overheat_error_bit_is_ignored_by_sync_read_as_in_lerobot()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("error=overheat+voltage"));
        var values = new int[6];
        await f.Bus.SyncReadAsync(ControlTable.PresentPosition, Ids, values, CancellationToken.None);
        Assert.All(values, v => Assert.Equal(2047, v));
        var e = await Assert.ThrowsAsync<ServoErrorException>(() => f.Bus.ReadAsync(1, ControlTable.Status, CancellationToken.None).AsTask());
        Assert.Equal(StatusError.Overheat | StatusError.Voltage, e.Error);
    }

    [Fact]
    public async Task Disconnect_after_packets_hangs_up_the_port()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("disconnect=4"));
        Assert.Equal(777, await f.Bus.PingAsync(1, CancellationToken.None));
        Assert.Equal(777, await f.Bus.PingAsync(2, CancellationToken.None));
        var e = await Assert.ThrowsAsync<SerialPortException>(() => f.Bus.ReadAsync(1, ControlTable.ModelNumber, CancellationToken.None).AsTask());
        Assert.Equal(SerialPortError.Disconnected, e.Error);
        Assert.True(f.Simulator.HungUp);
    }

    [Theory]
    [InlineData("drop=2", "between 0 and 1")]
    [InlineData("error=melting", "error flags are")]
    [InlineData("delay=0.5", "delay=P:MS")]
    [InlineData("wobble=1", "unknown fault")]
    public void Parse_bad_spec_names_the_item(string spec, string expected)
    {
        var e = Assert.Throws<FormatException>(() => FaultSpec.Parse(spec));
        Assert.Contains(expected, e.Message);
        Assert.Contains($"'{spec}'", e.Message);
    }

    [Fact]
    public void Parse_full_spec_reads_every_item()
    {
        var s = FaultSpec.Parse("drop=0.05,corrupt=0.01,noise=0.1:4,delay=0.02:30,error=overload@6,error=voltage,disconnect=2s,seed=7");
        Assert.Equal((0.05, 0.01, 0.1, 4, 0.02, 30.0, 7), (s.Drop, s.Corrupt, s.Noise, s.NoiseBytes, s.Delay, s.DelayBy.TotalMilliseconds, s.Seed));
        Assert.Equal(StatusError.Overload | StatusError.Voltage, s.ErrorFor(6));
        Assert.Equal(StatusError.Voltage, s.ErrorFor(1));
        Assert.Equal(TimeSpan.FromSeconds(2), s.DisconnectAfter);
    }

    [Fact]
    public async Task RetryBudget_stops_retrying_when_the_call_deadline_passes()
    {
        using var f = new SimulatedBusFixture(FaultSpec.Parse("drop=1"), options: new FeetechBusOptions(LatencyMs: 40, ReadRetries: 50, RetryBudget: TimeSpan.FromMilliseconds(100)));
        var e = await Assert.ThrowsAsync<FeetechCommunicationException>(() => f.Bus.ReadAsync(1, ControlTable.ModelNumber, CancellationToken.None).AsTask());
        Assert.InRange(e.Tries, 1, 10);
        Assert.Contains("retry budget of 100 ms spent", e.Message);
    }
}
