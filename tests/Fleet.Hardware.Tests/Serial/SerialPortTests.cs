using Fleet.Hardware.Serial;
using Fleet.Hardware.Simulation;

namespace Fleet.Hardware.Tests.Serial;

public class SerialPortTests
{
    [Fact]
    public void Open_missing_path_reports_no_such_device()
    {
        var e = Assert.Throws<SerialPortException>(() => SerialPort.Open("/dev/ttyFLEET_NOT_THERE"));
        Assert.Equal(SerialPortError.NoSuchDevice, e.Error);
        Assert.Contains("/dev/ttyFLEET_NOT_THERE", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Open_dev_null_reports_not_a_tty()
    {
        var e = Assert.Throws<SerialPortException>(() => SerialPort.Open("/dev/null"));
        Assert.Equal(SerialPortError.NotATty, e.Error);
        Assert.Contains("not a serial port", e.Message);
    }

    [Fact]
    public void Open_regular_file_reports_not_a_tty()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.Equal(SerialPortError.NotATty, Assert.Throws<SerialPortException>(() => SerialPort.Open(path)).Error);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Open_port_already_open_reports_busy_with_holder_pid()
    {
        using var pty = PseudoTerminal.Create();
        using var first = SerialPort.Open(pty.SlavePath);
        var e = Assert.Throws<SerialPortException>(() => SerialPort.Open(pty.SlavePath));
        Assert.Equal(SerialPortError.Busy, e.Error);
        Assert.Contains($"pid {Environment.ProcessId}", e.Message);
    }

    [Fact]
    public void Open_after_first_opener_disposed_succeeds()
    {
        using var pty = PseudoTerminal.Create();
        SerialPort.Open(pty.SlavePath).Dispose();
        using var second = SerialPort.Open(pty.SlavePath);
        Assert.True(second.IsOpen);
    }

    [Fact]
    public void Read_returns_bytes_written_by_the_master_and_zero_at_deadline()
    {
        using var pty = PseudoTerminal.Create();
        using var port = SerialPort.Open(pty.SlavePath);
        Assert.Equal(0, port.Read(new byte[8], System.Diagnostics.Stopwatch.GetTimestamp()));
        Assert.Equal(3, pty.WriteMaster([0xFF, 0x00, 0x7F]));
        var buffer = new byte[8];
        var n = port.Read(buffer, System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency * 5);
        Assert.Equal(new byte[] { 0xFF, 0x00, 0x7F }, buffer[..n]);
    }

    [Fact]
    public void Read_after_simulator_hangs_up_reports_disconnected()
    {
        using var arm = new SimulatedArmBus();
        using var port = SerialPort.Open(arm.PortPath);
        arm.Dispose();
        var e = Assert.Throws<SerialPortException>(() => port.Read(new byte[8], System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency * 5));
        Assert.Equal(SerialPortError.Disconnected, e.Error);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(57_600)]
    [InlineData(250_000)]
    public void SetBaudRate_standard_and_custom_rates_reach_the_line(int baud)
    {
        using var pty = PseudoTerminal.Create();
        using var port = SerialPort.Open(pty.SlavePath, 115_200);
        port.SetBaudRate(baud);
        Assert.Equal(baud, pty.ClientBaudRate);
    }
}
