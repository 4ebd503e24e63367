using System.Diagnostics;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Feetech.Protocol;
using Fleet.Hardware.Serial;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.Tests.Infrastructure;

namespace Fleet.Hardware.Tests.Simulation;

/// <summary>REG_WRITE and ACTION, which LeRobot never sends, driven byte by byte through a raw SerialPort.</summary>
public class RegWriteActionTests
{
    [Fact]
    public void RegWrite_is_acknowledged_but_applied_only_on_broadcast_action()
    {
        using var host = new ServoBusHost();
        using var sim = new ServoBusSimulator([1], realisticTiming: false);
        host.Add(sim);
        using var port = SerialPort.Open(sim.PortPath);
        var packet = new byte[32];

        port.Write(packet.AsSpan(0, InstructionPacket.EncodeRegWrite(packet, 1, ControlTable.Acceleration.Address, [77])));
        Assert.Equal("FF FF 01 02 00 FC", Hex.Of(ReadReply(port, 6)));
        Assert.Equal(0, sim.WithServo(1, s => s.Get(ControlTable.Acceleration)));

        port.Write(packet.AsSpan(0, InstructionPacket.EncodeAction(packet, InstructionPacket.BroadcastId)));
        port.Write(packet.AsSpan(0, InstructionPacket.EncodeRead(packet, 1, ControlTable.Acceleration.Address, 1)));
        // The first bytes back are the READ's reply (77 = 0x4D): the broadcast ACTION itself was not answered.
        Assert.Equal("FF FF 01 03 00 4D AE", Hex.Of(ReadReply(port, 7)));
    }

    [Fact]
    public void ByName_finds_registers_by_lerobot_key_including_the_trailing_space_one()
    {
        Assert.Same(ControlTable.GoalPosition, ControlTable.ByName("Goal_Position"));
        Assert.Same(ControlTable.AccelerationMultiplier, ControlTable.ByName("Acceleration_Multiplier "));
        Assert.Same(ControlTable.AccelerationMultiplier, ControlTable.ByName("acceleration_multiplier"));
        Assert.Contains("Known:", Assert.Throws<KeyNotFoundException>(() => ControlTable.ByName("Goal_Postion")).Message);
    }

    private static byte[] ReadReply(SerialPort port, int length)
    {
        var reply = new byte[length];
        var got = 0;
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (got < length)
        {
            var n = port.Read(reply.AsSpan(got), deadline);
            Assert.True(n > 0, $"reply incomplete after {got} bytes");
            got += n;
        }
        return reply;
    }
}
