using System.CommandLine;
using System.Text.Json;
using Fleet.Hardware.Feetech;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary><c>fleet bus scan --port PORT [--baud B] [--json]</c>: lists id, model and firmware of each servo that answers.</summary>
internal static class BusCommands
{
    /// <summary>Builds the <c>bus</c> palette.</summary>
    public static Command Create()
    {
        var bus = new Command("bus", "Feetech servo bus tools.");
        bus.Subcommands.Add(CreateScan());
        return bus;
    }

    private static Command CreateScan()
    {
        var port = new Option<string>("--port") { Description = "Serial port of the bus, e.g. /dev/ttyACM0.", Required = true };
        var baud = new Option<int?>("--baud") { Description = "Scan only this baud rate (default: every rate LeRobot scans, 4800..1000000)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per servo instead of a table." };
        var scan = new Command("scan", "Find the servos on a port: broadcast ping per baud rate, then model and firmware of each responder.");
        scan.Options.Add(port);
        scan.Options.Add(baud);
        scan.Options.Add(json);
        scan.SetAction((parse, ct) => CliErrors.ReportAsync(async () =>
        {
            var rates = parse.GetValue(baud) is { } b ? new[] { b } : null;
            var found = await BusScanner.ScanAsync(parse.GetValue(port)!, rates, null, ct);
            if (parse.GetValue(json))
            {
                foreach (var s in found)
                    Console.WriteLine(JsonSerializer.Serialize(new { id = s.Id, model = s.ModelName, model_number = s.ModelNumber, firmware = s.Firmware, baud = s.BaudRate }));
                return 0;
            }
            if (found.Count == 0)
            {
                AnsiConsole.MarkupLine("[yellow]No servo answered.[/] Check the servo power supply, the cable and the port; new servos all answer at id 1, 1000000 baud.");
                return 1;
            }
            var table = new Table().AddColumns("id", "model", "firmware", "baud");
            foreach (var s in found) table.AddRow(s.Id.ToString(), s.ModelName, s.Firmware, s.BaudRate.ToString());
            AnsiConsole.Write(table);
            return 0;
        }));
        return scan;
    }
}
