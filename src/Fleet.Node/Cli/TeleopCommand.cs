using System.CommandLine;
using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.So101;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet teleop --leader.port P --leader.id A --follower.port Q --follower.id B [--fps 60]</c>: mirrors a leader arm
/// onto a follower with a live table of positions and the achieved loop rate. Ctrl-C stops the loop and disables the
/// follower's torque before exiting.
/// </summary>
internal static class TeleopCommand
{
    /// <summary>Builds the <c>teleop</c> command.</summary>
    public static Command Create()
    {
        var leaderPort = new Option<string>("--leader.port") { Description = "Serial port of the leader arm.", Required = true };
        var leaderId = new Option<string>("--leader.id") { Description = "Name of the leader's calibration (teleoperators/so_leader/<id>.json).", Required = true };
        var followerPort = new Option<string>("--follower.port") { Description = "Serial port of the follower arm.", Required = true };
        var followerId = new Option<string>("--follower.id") { Description = "Name of the follower's calibration (robots/so_follower/<id>.json).", Required = true };
        var fps = new Option<double>("--fps") { Description = "Loop rate in Hz (LeRobot's default 60).", DefaultValueFactory = _ => 60 };
        var maxRelative = new Option<double?>("--max-relative-target") { Description = "Largest goal step per tick, in degrees (gripper: percent)." };
        var dir = new Option<string?>("--calibration-dir") { Description = "Calibration root instead of $HF_LEROBOT_CALIBRATION." };
        var seconds = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: until Ctrl-C)." };
        var command = new Command("teleop", "Teleoperate an SO-101 follower from a leader arm.");
        foreach (var o in new Option[] { leaderPort, leaderId, followerPort, followerId, fps, maxRelative, dir, seconds }) command.Options.Add(o);
        command.SetAction((parse, ct) => CliErrors.ReportAsync(() => RunAsync(
            parse.GetValue(leaderPort)!, parse.GetValue(leaderId)!, parse.GetValue(followerPort)!, parse.GetValue(followerId)!,
            parse.GetValue(fps), parse.GetValue(maxRelative), parse.GetValue(dir), parse.GetValue(seconds), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string leaderPort, string leaderId, string followerPort, string followerId,
        double fps, double? maxRelative, string? root, double? seconds, CancellationToken ct)
    {
        string? Env(string key) => key == "HF_LEROBOT_CALIBRATION" && root is not null ? root : Environment.GetEnvironmentVariable(key);
        var leaderCal = await CalibrationFile.LoadAsync(CalibrationPaths.For(ArmRole.Leader, leaderId, null, Env), ct);
        var followerCal = await CalibrationFile.LoadAsync(CalibrationPaths.For(ArmRole.Follower, followerId, null, Env), ct);
        using var leader = new So101Leader(FeetechBus.Open(leaderPort), leaderCal);
        using var follower = new So101Follower(FeetechBus.Open(followerPort), followerCal, new So101ArmOptions(MaxRelativeTarget: maxRelative));
        await leader.ConnectAsync(ct);
        await follower.ConnectAsync(ct);
        await leader.ConfigureAsync(ct);
        await follower.ConfigureAsync(ct);
        using var signals = new TerminationSignals(ct);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
        if (seconds is { } s) run.CancelAfter(TimeSpan.FromSeconds(s));
        try
        {
            await ShowLiveAsync(leader, follower, fps, run.Token);
        }
        finally
        {
            // Ctrl-C or a bus error: the follower must go limp, whatever happened.
            try
            {
                await follower.DisconnectAsync(CancellationToken.None);
                AnsiConsole.MarkupLine("Follower torque disabled.");
            }
            catch (IOException e)
            {
                AnsiConsole.MarkupLine("[red]Could not disable the follower's torque:[/] " + Markup.Escape(e.Message) + " Switch its power off.");
            }
        }
        return 0;
    }

    private static async Task ShowLiveAsync(So101Leader leader, So101Follower follower, double fps, CancellationToken ct)
    {
        var table = new Table().AddColumns("motor", "leader", "follower", "sent");
        foreach (var name in So101Motor.FeatureNames) table.AddRow(name, "", "", "");
        table.Caption("starting…");
        await AnsiConsole.Live(table).StartAsync(async live =>
        {
            var lastDraw = 0L;
            await Teleoperation.RunAsync(leader, follower, fps, tick =>
            {
                // Redraw at ~10 Hz: the terminal must not steal the loop's time.
                if (tick.Index - lastDraw < Math.Max(1, fps / 10)) return;
                lastDraw = tick.Index;
                for (var i = 0; i < 6; i++)
                {
                    table.UpdateCell(i, 1, tick.Action[i].ToString("F1"));
                    table.UpdateCell(i, 2, tick.Observed[i].ToString("F1"));
                    table.UpdateCell(i, 3, tick.Sent[i].ToString("F1"));
                }
                table.Caption($"{tick.AchievedHz:F1} Hz achieved (target {fps:F0}), tick {tick.Index}, bus work {tick.TickDuration.TotalMilliseconds:F2} ms");
                live.Refresh();
            }, ct);
        });
    }
}
