using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Serial;
using Fleet.Hardware.So101;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>Turns the hardware layer's user-facing exceptions into one red line and exit code 2 instead of a stack trace.</summary>
internal static class CliErrors
{
    /// <summary>Runs <paramref name="body"/>; expected hardware and file errors print their message and return 2.</summary>
    public static async Task<int> ReportAsync(Func<Task<int>> body)
    {
        try { return await body(); }
        catch (Exception e) when (e is SerialPortException or FeetechCommunicationException or ServoErrorException or ArmHandshakeException
                                     or CalibrationException or InvalidDataException or FileNotFoundException or FormatException)
        {
            AnsiConsole.MarkupLine("[red]error:[/] " + Markup.Escape(e.Message));
            return 2;
        }
    }
}
