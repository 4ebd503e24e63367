using System.CommandLine;
using System.Globalization;
using Fleet.Node.Config;
using Fleet.Node.Fleets;
using Fleet.Node.Recording;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet demo --record DIR --episodes N --episode-time S [--reset-time S]</c>: records the demo fleet
/// non-interactively into LeRobot datasets (DIR itself with one arm, DIR/&lt;arm-id&gt; with several). An existing
/// dataset in DIR is appended to after crash recovery. The demo ends when the episodes are recorded and exported
/// (or earlier with --duration / Ctrl-C, which ends the current episode early and keeps it).
/// </summary>
internal sealed class DemoRecordOptions
{
    private readonly Option<DirectoryInfo?> _record = new("--record") { Description = "Record the arms into the LeRobot dataset folder DIR (DIR/<arm-id> for several arms); appends after crash recovery when DIR already holds one.", HelpName = "DIR" };
    private readonly Option<int?> _episodes = new("--episodes") { Description = "With --record: episodes to record (default fleet.recording.episodes).", HelpName = "N" };
    private readonly Option<double?> _episodeTime = new("--episode-time") { Description = "With --record: seconds per episode (default fleet.recording.episode-time).", HelpName = "SECONDS" };
    private readonly Option<double?> _resetTime = new("--reset-time") { Description = "With --record: seconds between episodes (default 0 for the demo).", HelpName = "SECONDS" };

    /// <summary>Adds the options to <paramref name="demo"/>.</summary>
    public static DemoRecordOptions AddTo(Command demo)
    {
        var options = new DemoRecordOptions();
        demo.Options.Add(options._record);
        demo.Options.Add(options._episodes);
        demo.Options.Add(options._episodeTime);
        demo.Options.Add(options._resetTime);
        return options;
    }

    /// <summary>Opens the datasets and starts recording when --record was given; null otherwise.</summary>
    public async Task<DemoRecording?> StartAsync(ParseResult parse, FleetRuntime runtime, FleetConfig config, TextWriter log, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_record) is not { } folder) return null;
        var settings = RecordingSettings.FromConfig(config);
        var plan = new EpisodePlan(
            parse.GetValue(_episodes) ?? settings.Episodes,
            parse.GetValue(_episodeTime) is { } e ? TimeSpan.FromSeconds(e) : settings.EpisodeTime,
            TimeSpan.FromSeconds(parse.GetValue(_resetTime) ?? 0),
            runtime.Arms.Select(a => a.Task).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "demo").Validate();
        var session = await RecordingSession.OpenAsync(runtime.System, FleetRecording.Targets(runtime.Arms, folder.FullName, settings.Video),
            settings, resume: true, log, cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"fleet: recording {plan.Episodes} episodes of {plan.EpisodeTime.TotalSeconds:0.##}s into {folder.FullName} ({settings.Video.Codec})"));
        return new DemoRecording(session, FleetRecording.Run(runtime.System, session, plan, null));
    }
}

/// <summary>A running demo recording: the session and its run.</summary>
internal sealed class DemoRecording(RecordingSession session, Task<int> run) : IAsyncDisposable
{
    /// <summary>The recording run.</summary>
    public Task<int> Run { get; } = run;

    /// <summary>The session's episodes, for the admin API.</summary>
    public IEpisodeCatalog Catalog => session.Catalog;

    /// <summary>Writes what was recorded (or why recording failed); returns the exit code (0, or 1 on failure).</summary>
    public async Task<int> ReportAsync(TextWriter output, TextWriter error)
    {
        try
        {
            var saved = await Run;
            foreach (var store in session.Stores)
                await output.WriteLineAsync($"fleet: dataset {store.Root}: {store.Dataset.TotalEpisodes} episodes, {store.Dataset.TotalFrames} frames ({saved} saved in this run)");
            return 0;
        }
        catch (RecordingException e)
        {
            await error.WriteLineAsync($"fleet: recording failed: {e.Message}");
            return 1;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => session.DisposeAsync();
}
