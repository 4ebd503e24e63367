using System.CommandLine;
using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.So101;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet calibrate --robot so101_follower|so101_leader --port PORT --id NAME [--calibration-dir DIR] [--from-file FILE]</c>:
/// LeRobot's calibration (half-turn homing, then range of motion with a live table; Enter finishes) or a copy of an
/// existing file onto the servos. The file lands where LeRobot looks for it.
/// </summary>
internal static class CalibrateCommand
{
    /// <summary>Builds the <c>calibrate</c> command.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "Arm type: so101_follower or so101_leader.", Required = true };
        robot.AcceptOnlyFromAmong("so101_follower", "so101_leader", "so_follower", "so_leader");
        var port = new Option<string>("--port") { Description = "Serial port of the arm.", Required = true };
        var id = new Option<string>("--id") { Description = "Your name for this arm (LeRobot's --robot.id); names the calibration file.", Required = true };
        var dir = new Option<string?>("--calibration-dir") { Description = "Folder holding <id>.json instead of $HF_LEROBOT_CALIBRATION/<robots|teleoperators>/<type>/." };
        var fromFile = new Option<string?>("--from-file") { Description = "Write this calibration file to the servos (non-interactive) and store it for the arm." };
        var command = new Command("calibrate", "Calibrate an SO-101 arm as LeRobot does, or copy a calibration file onto it.");
        foreach (var o in new Option[] { robot, port, id, dir, fromFile }) command.Options.Add(o);
        command.SetAction((parse, ct) => CliErrors.ReportAsync(() => RunAsync(
            parse.GetValue(robot)!.EndsWith("leader") ? ArmRole.Leader : ArmRole.Follower,
            parse.GetValue(port)!, parse.GetValue(id)!, parse.GetValue(dir), parse.GetValue(fromFile), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ArmRole role, string port, string armId, string? dir, string? fromFile, CancellationToken ct)
    {
        var path = CalibrationPaths.For(role, armId, dir, Environment.GetEnvironmentVariable);
        using So101Arm arm = role == ArmRole.Leader ? new So101Leader(FeetechBus.Open(port)) : new So101Follower(FeetechBus.Open(port));
        await arm.ConnectAsync(ct);
        var calibration = fromFile is not null
            ? await CalibrationFile.LoadAsync(fromFile, ct)
            : await InteractiveAsync(arm, ct);
        await arm.WriteCalibrationAsync(calibration, ct);
        if (!await arm.IsCalibratedAsync(ct))
            throw new InvalidDataException($"The servos on {port} do not hold the calibration just written; check the bus (`fleet bus scan --port {port}`) and retry.");
        await CalibrationFile.SaveAsync(calibration, path, ct);
        AnsiConsole.MarkupLine($"[green]Calibration saved[/] to {Markup.Escape(path)}");
        return 0;
    }

    private static async Task<CalibrationSet> InteractiveAsync(So101Arm arm, CancellationToken ct)
    {
        AnsiConsole.MarkupLine("Move the arm to the [bold]middle of its range of motion[/] and press [bold]Enter[/].");
        await WaitForEnterAsync(ct);
        var offsets = await ArmCalibrator.SetHalfTurnHomingsAsync(arm, ct);
        AnsiConsole.MarkupLine("Move [bold]every joint except wrist_roll[/] through its whole range. Press [bold]Enter[/] when done.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var enter = WaitForEnterAsync(ct).ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
        var table = new Table().AddColumns("motor", "min", "position", "max");
        foreach (var m in So101Motor.All) table.AddRow(m.Name, "", "", "");
        (int[] Min, int[] Max) ranges = ([], []);
        await AnsiConsole.Live(table).StartAsync(async live =>
        {
            ranges = await ArmCalibrator.RecordRangesAsync(arm, sample =>
            {
                for (var i = 0; i < So101Motor.All.Count; i++)
                {
                    table.UpdateCell(i, 1, sample.Min[i].ToString());
                    table.UpdateCell(i, 2, sample.Present[i].ToString());
                    table.UpdateCell(i, 3, sample.Max[i].ToString());
                }
                live.Refresh();
            }, stop.Token, ct);
        });
        await enter;
        return ArmCalibrator.Build(offsets, ranges.Min, ranges.Max);
    }

    private static async Task WaitForEnterAsync(CancellationToken ct)
    {
        // Console.In's ReadLineAsync completes synchronously (it would block the recording loop), so read on the pool.
        if (await Task.Run(Console.ReadLine, ct) is null)
            throw new FormatException("Standard input closed before Enter was pressed; run calibrate in a terminal or use --from-file.");
    }
}
