using Fleet.Actors;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Video;
using Fleet.Node.Fleets;

namespace Fleet.Node.Recording;

/// <summary>
/// Attaches a <see cref="RecordingSession"/> to a running fleet: one dataset per arm (the folder itself when one arm
/// records, <c>&lt;folder&gt;/&lt;arm-id&gt;</c> when several do), and a coordinated-shutdown task that ends the current
/// episode and waits for its export in the <c>flush-recordings</c> phase, so Ctrl-C or SIGTERM never loses a
/// finished episode.
/// </summary>
public static class FleetRecording
{
    /// <summary>The recording targets of <paramref name="arms"/> under <paramref name="folder"/>.</summary>
    /// <param name="arms">The configured arms.</param>
    /// <param name="folder">The dataset folder given on the command line.</param>
    /// <param name="video">The encoder settings.</param>
    /// <returns>One target per arm.</returns>
    public static IReadOnlyList<RecordingTarget> Targets(IReadOnlyList<ArmOptions> arms, string folder, VideoEncoderOptions video) =>
        arms.Select(arm => new RecordingTarget(arm.Id, arms.Count == 1 ? folder : Path.Combine(folder, arm.Id), SpecOf(arm, video))).ToList();

    /// <summary>The dataset spec an arm records: its rate, the SO-101 joints, its cameras.</summary>
    /// <param name="arm">The arm.</param>
    /// <param name="video">The encoder settings.</param>
    public static DatasetSpec SpecOf(ArmOptions arm, VideoEncoderOptions video) =>
        DatasetSpec.So101((int)Math.Round(arm.Fps), arm.Cameras.Select(c => new CameraSpec(c.Name, c.Width, c.Height)).ToList(), video);

    /// <summary>
    /// Starts running <paramref name="plan"/> in the background and registers the shutdown task that stops it.
    /// </summary>
    /// <param name="system">The fleet's actor system.</param>
    /// <param name="session">The open session.</param>
    /// <param name="plan">What to record.</param>
    /// <param name="commands">Operator commands, or null.</param>
    /// <returns>The run; it completes when the plan is done or the shutdown stopped it.</returns>
    public static Task<int> Run(ActorSystem system, RecordingSession session, EpisodePlan plan, System.Threading.Channels.ChannelReader<EpisodeCommand>? commands)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(session);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(plan, commands, stop.Token));
        _ = run.ContinueWith(_ => stop.Dispose(), TaskScheduler.Default);
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseFlushRecordings, "finish-episodes", async _ =>
        {
            if (!run.IsCompleted) await stop.CancelAsync().ConfigureAwait(false);
            // The run's own error is reported by whoever awaits it; the shutdown only waits for it to settle.
            await ((Task)run).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        });
        return run;
    }
}
