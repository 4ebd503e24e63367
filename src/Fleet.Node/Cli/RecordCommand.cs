using System.CommandLine;
using System.Globalization;
using Fleet.Dataset.Journal;
using Fleet.Node.Config;
using Fleet.Node.Fleets;
using Fleet.Node.Recording;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet record --config FILE --task "..." --episodes 50 --episode-time 60 --reset-time 60 --dataset DIR [--resume]</c>:
/// teleoperates the follower of <c>fleet.arms</c> from the leader of <c>fleet.recording.leader</c> (simulated arms
/// work: the simulated leader plays back a trajectory) and records LeRobot episodes, with a live view of episode k/N,
/// time left, frames and dropped frames. On a terminal: → ends the episode early, ← re-records it, Esc stops.
/// Ctrl-C/SIGTERM ends the current episode early and keeps it. Spoken prompts through espeak-ng when installed.
/// </summary>
internal static class RecordCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "The task text of every episode, e.g. \"put the cube in the box\".", Required = true };
        var episodes = new Option<int?>("--episodes") { Description = "Episodes to record (default fleet.recording.episodes).", HelpName = "N" };
        var episodeTime = new Option<double?>("--episode-time") { Description = "Seconds per episode (default fleet.recording.episode-time).", HelpName = "SECONDS" };
        var resetTime = new Option<double?>("--reset-time") { Description = "Seconds to reset the scene between episodes (default fleet.recording.reset-time).", HelpName = "SECONDS" };
        var dataset = new Option<DirectoryInfo>("--dataset") { Description = "The LeRobot dataset folder to write.", HelpName = "DIR", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Add episodes to the dataset already in DIR (after recovering interrupted ones)." };
        var arm = new Option<string?>("--arm") { Description = "The arm of fleet.arms to record (default: the first).", HelpName = "ID" };
        var command = new Command("record", "Teleoperate an arm from its leader and record LeRobot episodes.");
        foreach (var o in new Option[] { task, episodes, episodeTime, resetTime, dataset, resume, arm }) command.Options.Add(o);
        var config = ConfigFileOption.AddTo(command);
        command.SetAction((parse, ct) => ConfigFileOption.RunAsync(parse, () => CliErrors.ReportAsync(async () =>
        {
            var loaded = ConfigFileOption.Load(parse, config);
            var settings = RecordingSettings.FromConfig(loaded);
            var plan = new EpisodePlan(
                parse.GetValue(episodes) ?? settings.Episodes,
                parse.GetValue(episodeTime) is { } e ? TimeSpan.FromSeconds(e) : settings.EpisodeTime,
                parse.GetValue(resetTime) is { } r ? TimeSpan.FromSeconds(r) : settings.ResetTime,
                parse.GetValue(task) ?? "");
            try
            {
                plan.Validate();
            }
            catch (ArgumentException error)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"fleet: {error.Message}");
                return 2;
            }
            var chosen = ChooseArm(loaded, parse.GetValue(arm));
            var options = new RecordRun(loaded, settings, plan, chosen, parse.GetValue(dataset)!.FullName, parse.GetValue(resume));
            return await RunAsync(options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        })));
        return command;
    }

    private sealed record RecordRun(FleetConfig Config, RecordingSettings Settings, EpisodePlan Plan, ArmOptions Arm, string Dataset, bool Resume);

    private static ArmOptions ChooseArm(FleetConfig config, string? id)
    {
        var arms = ArmOptions.FromConfig(config);
        if (arms.Count == 0)
            throw new ConfigException.BadValue(config.OriginOf("fleet.arms"), "fleet.arms", "no arms are configured; `fleet record` records the follower of one fleet.arms element");
        if (id is null) return arms[0];
        return arms.FirstOrDefault(a => a.Id == id)
            ?? throw new ConfigException.BadValue(config.OriginOf("fleet.arms"), "fleet.arms", $"no arm \"{id}\" (configured: {string.Join(", ", arms.Select(a => a.Id))})");
    }

    private static async Task<int> RunAsync(RecordRun run, TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var signals = new TerminationSignals(ct);
        var terminal = !Console.IsOutputRedirected;
        var log = terminal ? new StringWriter(CultureInfo.InvariantCulture) : output;
        await using var rig = await TeleopRig.OpenAsync(run.Config, run.Arm, Environment.GetEnvironmentVariable, signals.Token);
        RecordingSession session;
        try
        {
            session = await RecordingSession.OpenAsync(rig.System, FleetRecording.Targets([run.Arm], run.Dataset, run.Settings.Video), run.Settings, run.Resume, log, signals.Token);
        }
        catch (Exception e) when (e is IOException or JournalStorageException or InvalidDataException)
        {
            await error.WriteLineAsync($"fleet: cannot record into {run.Dataset}: {e.Message}");
            return 1;
        }
        await using (session)
        {
            rig.Start();
            using var keys = KeyCommands.Start();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
            var recording = Task.Run(() => session.RunAsync(run.Plan, keys.Reader, stop.Token));
            await WatchAsync(session, rig, recording, stop, new Voice(run.Settings.Voice), terminal, !Console.IsInputRedirected, output);
            if (terminal) await output.WriteAsync(log.ToString());
            try
            {
                var saved = await recording;
                var store = session.Stores[0];
                await output.WriteLineAsync($"fleet: {saved} episodes saved; {store.Root} holds {store.Dataset.TotalEpisodes} episodes, {store.Dataset.TotalFrames} frames.");
            }
            catch (RecordingException e)
            {
                await error.WriteLineAsync($"fleet: recording failed: {e.Message}");
                return 1;
            }
            if (rig.Failure is { } failure)
            {
                await error.WriteLineAsync($"fleet: teleoperation stopped: {failure.Message} The episodes recorded until then are kept.");
                return 1;
            }
        }
        return 0;
    }

    // Shows progress until the run ends; speaks phase changes; stops the run if teleoperation fails.
    private static async Task WatchAsync(RecordingSession session, TeleopRig rig, Task recording, CancellationTokenSource stop, Voice voice,
        bool terminal, bool keys, TextWriter output)
    {
        string? lastPhase = null;
        var lastEpisode = -1;
        async Task StepAsync(Action<RecordingProgress> show)
        {
            var progress = session.Progress;
            if (progress.Phase != lastPhase || progress.Episode != lastEpisode)
            {
                lastPhase = progress.Phase;
                lastEpisode = progress.Episode;
                voice.Say(progress.Phase switch
                {
                    "recording" => $"Recording episode {progress.Episode}",
                    "reset" => "Reset the environment",
                    "done" => "Stop recording",
                    _ => "",
                });
                if (!terminal) await output.WriteLineAsync($"record: episode {progress.Episode}/{progress.Episodes} {progress.Phase}");
            }
            show(progress);
            if (rig.Failure is not null) await stop.CancelAsync();
            await Task.WhenAny(recording, Task.Delay(250));
        }
        if (!terminal)
        {
            while (!recording.IsCompleted) await StepAsync(_ => { });
            return;
        }
        var first = await session.StatusAsync();
        await AnsiConsole.Live(RecordView.Render(session.Progress, first, keys)).StartAsync(async live =>
        {
            while (!recording.IsCompleted)
            {
                IReadOnlyList<Fleet.Actors.Recording.RecorderStatus> status;
                try { status = await session.StatusAsync(); }
                catch (Fleet.Actors.AskTimeoutException) { break; }
                await StepAsync(p => live.UpdateTarget(RecordView.Render(p, status, keys)));
            }
        });
    }
}
