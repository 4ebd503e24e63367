using Fleet.Actors.Arm;
using Fleet.Dataset.Journal;
using Fleet.Dataset.Video;
using Fleet.Messages;

namespace Fleet.Actors.Recording;

/// <summary>
/// Records one arm's episodes as they happen. Subscribed on the event stream to the arm's <see cref="ServoState"/>
/// (one per control tick) and <see cref="ArmFrameCaptured"/> (camera frames); while an episode records, every tick
/// becomes a journaled frame (state, action, timestamp, episode, task) through the <see cref="JournalWriter"/>, and
/// each camera's newest frame goes into that camera's live <see cref="FfmpegEncoder"/> at the tick's index.
/// </summary>
/// <remarks>
/// <para><b>Finish order.</b> <see cref="StopEpisode"/>: the episode is finished durably in the journal first (all its
/// frames committed), then the videos are completed (encoding already ran live, so this is a flush), then the
/// export into the dataset runs in the background so the reset period does not wait on it; the journal marks it
/// exported at the end. A crash at any point leaves the episode recoverable from the journal.</para>
/// <para><b>Failures</b> never throw out of the actor: they end the episode (journaled frames stay recoverable) and
/// are reported as <see cref="RecordingFailed"/> to the asker and on the event stream.</para>
/// </remarks>
public sealed class RecorderActor : ReceiveActor
{
    private readonly RecorderSettings _settings;
    private readonly Dictionary<string, ImageFrame> _latest = new(StringComparer.Ordinal);
    private EpisodeRecording? _episode;
    private long _lastFrames;
    private long _lastDropped;
    private int _exported;
    private int _pending;

    private RecorderActor(RecorderSettings settings)
    {
        _settings = settings;
        Receive<ServoState>(s => s.ArmId == _settings.ArmId, HandleTick);
        Receive<ArmFrameCaptured>(f => f.ArmId == _settings.ArmId, f => _latest[f.Camera] = f.Frame);
        ReceiveAsync<StartEpisode>(HandleStartAsync);
        ReceiveAsync<StopEpisode>(HandleStopAsync);
        Receive<ExportDone>(HandleExportDone);
        Receive<GetRecorderStatus>(_ => Sender.Tell(new RecorderStatus(_settings.ArmId, _episode?.Key,
            _episode?.Frames ?? _lastFrames, _episode?.DroppedFrames ?? _lastDropped, _exported, _pending), Self));
        Receive<ServoState>(_ => { });
        Receive<ArmFrameCaptured>(_ => { });
    }

    /// <summary>Props for the recorder of <paramref name="settings"/>.</summary>
    /// <param name="settings">Arm, spec, journal writer, exporter and segments folder.</param>
    public static Props Props(RecorderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Fleet.Actors.Props.Create(() => new RecorderActor(settings));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ServoState));
        Context.System.EventStream.Subscribe(Self, typeof(ArmFrameCaptured));
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        // Stopped mid-episode: the journaled frames are recovered on the next start; the encoders must not outlive us.
        _episode?.AbortAsync().Wait(TimeSpan.FromSeconds(10));
    }

    private void HandleTick(ServoState state)
    {
        if (_episode is null) return;
        try
        {
            _episode.RecordTick(state, _latest);
        }
        catch (Exception e) when (e is JournalWriterStoppedException or InvalidOperationException or ArgumentException)
        {
            var episode = _episode;
            _episode = null;
            _lastFrames = episode.Frames;
            _ = episode.AbortAsync();
            Fail(null, episode.Key, $"Arm '{_settings.ArmId}': recording of episode {episode.Key.EpisodeIndex} stopped at frame {episode.Frames}: {e.Message} " +
                "The frames journaled so far are recovered on the next start.");
        }
    }

    private async Task HandleStartAsync(StartEpisode start)
    {
        var asker = Sender;
        if (_episode is not null)
        {
            Fail(asker, start.Key, $"Arm '{_settings.ArmId}' is already recording episode {_episode.Key.EpisodeIndex}; stop it before starting episode {start.Key.EpisodeIndex}.");
            return;
        }
        try
        {
            await _settings.Exporter.Journal.BeginEpisodeAsync(new EpisodeStart(start.Key, start.Task, _settings.Spec.Fps), CancellationToken.None);
            var tasks = _settings.Exporter.Dataset.Tasks;
            var taskIndex = tasks.Contains(start.Task) ? IndexOf(tasks, start.Task) : tasks.Count;
            _episode = EpisodeRecording.Start(start.Key, start.Task, _settings.Spec, _settings.Writer, _settings.SegmentsFolder, taskIndex);
            asker.Tell(new EpisodeStarted(start.Key), Self);
        }
        catch (Exception e)
        {
            Fail(asker, start.Key, $"Arm '{_settings.ArmId}': episode {start.Key.EpisodeIndex} could not start: {e.Message}");
        }
    }

    private async Task HandleStopAsync(StopEpisode stop)
    {
        var asker = Sender;
        var episode = _episode;
        _episode = null;
        if (episode is null)
        {
            asker.Tell(new EpisodeStopped(null, _lastFrames, _lastDropped, false), Self);
            return;
        }
        _lastFrames = episode.Frames;
        _lastDropped = episode.DroppedFrames;
        try
        {
            if (stop.Discard)
            {
                // Not awaited: killing the encoders must never hold up the recorder (see EpisodeRecording.AbortAsync).
                _ = episode.AbortAsync();
                await _settings.Writer.FlushAsync(CancellationToken.None);
                await _settings.Exporter.Journal.DiscardEpisodeAsync(episode.Key, stop.Reason ?? "discarded by operator (re-record)", CancellationToken.None);
                asker.Tell(new EpisodeStopped(episode.Key, episode.Frames, _lastDropped, true), Self);
                return;
            }
            await _settings.Writer.FinishEpisodeAsync(episode.Key, stop.Reason, CancellationToken.None);
            var videos = await episode.CompleteVideosAsync(CancellationToken.None);
            _lastDropped = episode.DroppedFrames;
            asker.Tell(new EpisodeStopped(episode.Key, episode.Frames, _lastDropped, false), Self);
            _pending++;
            var self = Self;
            _ = ExportAsync(episode.Key, videos).ContinueWith(t => self.Tell(new ExportDone(episode.Key, asker, t.IsFaulted ? t.Exception!.InnerException : null,
                t.IsCompletedSuccessfully ? t.Result : null), self), TaskScheduler.Default);
        }
        catch (Exception e)
        {
            // Whatever failed, the asker must get an answer and the journaled frames stay recoverable.
            _ = episode.AbortAsync();
            Fail(asker, episode.Key, $"Arm '{_settings.ArmId}': episode {episode.Key.EpisodeIndex} could not be finished: {e.Message} " +
                "Its journaled frames are recovered on the next start.");
        }
    }

    private Task<Dataset.Export.EpisodeSaved> ExportAsync(EpisodeKey key, Dictionary<string, VideoSegment> videos) =>
        Task.Run(() => _settings.Exporter.ExportAsync(key, videos, CancellationToken.None));

    private void HandleExportDone(ExportDone done)
    {
        _pending--;
        if (done.Saved is { } saved)
        {
            _exported++;
            var finished = new EpisodeFinished(done.Key, saved);
            done.Asker.Tell(finished, Self);
            Context.System.EventStream.Publish(finished);
            return;
        }
        Fail(done.Asker, done.Key, $"Arm '{_settings.ArmId}': episode {done.Key.EpisodeIndex} was recorded but could not be written into the dataset " +
            $"'{_settings.Exporter.Dataset.Root}': {done.Error?.Message} Earlier episodes are intact; fix the cause and start again to export it from the journal.");
    }

    private void Fail(IActorRef? asker, EpisodeKey? key, string message)
    {
        var failed = new RecordingFailed(_settings.ArmId, key, message);
        if (asker is not null) asker.Tell(failed, Self);
        Context.System.EventStream.Publish(failed);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    private sealed record ExportDone(EpisodeKey Key, IActorRef Asker, Exception? Error, Dataset.Export.EpisodeSaved? Saved);
}
