using Fleet.Actors;
using Fleet.Actors.Fleets;
using Fleet.Node.Fleets;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>
/// Runs a started fleet until a duration ends, Ctrl-C/SIGTERM arrives, or the actor system stops, with a live status
/// table when stdout is a terminal; then runs the coordinated shutdown and returns the final status.
/// </summary>
internal static class FleetSession
{
    public static async Task<FleetStatus> RunAsync(FleetRuntime runtime, TimeSpan? duration, TimeSpan refresh, TextWriter output, CancellationToken cancellationToken,
        Config.FleetConfig? adminConfig = null, Task? until = null, Admin.IEpisodeControl? episodes = null)
    {
        // The admin API (fleet.admin) lives exactly as long as the session; its URL goes to stderr, never into stdout.
        await using var admin = adminConfig is null ? null : await Admin.NodeAdmin.StartAsync(runtime, adminConfig, Console.Error, cancellationToken, episodes: episodes);
        if (admin is not null) await Console.Error.WriteLineAsync($"fleet: admin API and dashboard at {admin.Url}");
        using var signals = runtime.System.CoordinatedShutdown.RunOnPosixSignals();
        var reason = new TaskCompletionSource<ShutdownReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onCancel = cancellationToken.Register(() => reason.TrySetResult(ShutdownReason.SigInt));
        _ = runtime.System.WhenTerminated.ContinueWith(_ => reason.TrySetResult(ShutdownReason.Unknown), TaskScheduler.Default);
        using var alarms = AlarmPrinter.Attach(runtime.System);
        var started = DateTimeOffset.UtcNow;
        // Recording (`fleet demo --record`): the session also ends when the recording run does.
        until?.ContinueWith(_ => reason.TrySetResult(new ShutdownReason("recording ended")), TaskScheduler.Default);
        if (duration is { } d) _ = Task.Delay(d).ContinueWith(_ => reason.TrySetResult(new ShutdownReason($"ran for {d.TotalSeconds:0.#}s")), TaskScheduler.Default);

        if (!Console.IsOutputRedirected)
        {
            var first = await runtime.StatusAsync(cancellationToken: CancellationToken.None);
            await AnsiConsole.Live(FleetStatusTable.Render(first, TimeSpan.Zero)).StartAsync(async ctx =>
            {
                while (!reason.Task.IsCompleted)
                {
                    await Task.WhenAny(reason.Task, Task.Delay(refresh));
                    if (reason.Task.IsCompleted) break;
                    try
                    {
                        var status = await runtime.StatusAsync();
                        ctx.UpdateTarget(FleetStatusTable.Render(status, DateTimeOffset.UtcNow - started));
                    }
                    catch (AskTimeoutException)
                    {
                        break; // shutting down
                    }
                }
            });
        }
        else
        {
            await output.WriteLineAsync($"fleet: {runtime.Arms.Count} arms running ({string.Join(", ", runtime.Arms.Select(a => a.Id))}); Ctrl-C to stop.");
        }
        var why = await reason.Task;
        return await StopAsync(runtime, why, output);
    }

    // Everything goes through the coordinated shutdown (signals may start it too; it runs once): hold, release with
    // the torque policy, read the final status, stop the actors.
    private static async Task<FleetStatus> StopAsync(FleetRuntime runtime, ShutdownReason why, TextWriter output)
    {
        var report = await runtime.ShutdownAsync(why);
        foreach (var r in runtime.Released ?? [])
            if (r.Error is not null) await output.WriteLineAsync($"fleet: {r.Error}");
        foreach (var phase in report.Phases)
        {
            foreach (var t in phase.TimedOut) await output.WriteLineAsync($"fleet: shutdown phase {phase.Phase}: {t} timed out");
            foreach (var f in phase.Failed) await output.WriteLineAsync($"fleet: shutdown phase {phase.Phase}: {f}");
        }
        return runtime.FinalStatus ?? new FleetStatus([]);
    }
}
