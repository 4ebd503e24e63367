using System.Threading.Channels;
using Fleet.Actors;
using Fleet.Actors.Recording;
using Fleet.Dataset.Journal;

namespace Fleet.Node.Recording;

/// <summary>
/// Records episodes on a set of arms, each into its own dataset: opens the datasets (running crash recovery), starts a
/// <see cref="RecorderActor"/> per arm, then runs an <see cref="EpisodePlan"/>: episode (all arms at once) → reset →
/// episode …, obeying <see cref="EpisodeCommand"/>s, and waits for the exports at the end.
/// </summary>
/// <remarks>
/// Any <see cref="RecordingFailed"/> (journal storage, encoder, export) stops the session: the current episode is
/// ended and <see cref="RunAsync"/> throws <see cref="RecordingException"/> with the recorder's message. Episodes
/// exported before stay intact; journaled ones are recovered on the next start.
/// </remarks>
public sealed class RecordingSession : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private readonly ActorSystem _system;
    private readonly List<ArmRecorder> _arms;
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();
    private readonly IActorRef _forwarder;
    private readonly Dictionary<EpisodeKey, TaskCompletionSource> _exports = [];
    private readonly TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _eventLoop;
    private readonly TextWriter _log;
    private volatile RecordingProgress _progress;
    private int _saved;

    private sealed class ArmRecorder(string armId, DatasetStore store, IActorRef recorder)
    {
        public string ArmId { get; } = armId;
        public DatasetStore Store { get; } = store;
        public IActorRef Recorder { get; } = recorder;
        public long NextIndex { get; set; } = store.Dataset.TotalEpisodes;
    }

    private RecordingSession(ActorSystem system, List<ArmRecorder> arms, TextWriter log)
    {
        _system = system;
        _log = TextWriter.Synchronized(log);
        _arms = arms;
        _progress = new RecordingProgress(0, 0, "starting", null, 0, null);
        _forwarder = system.ActorOf(EventForwarder.Props(_events.Writer), "recording-events");
        _eventLoop = Task.Run(ReadEventsAsync);
        Catalog = new JournalEpisodeCatalog(arms.Select(a => a.Store).ToList());
    }

    /// <summary>The episodes of the open datasets, for <c>fleet episode list</c> and the admin API.</summary>
    public IEpisodeCatalog Catalog { get; }

    /// <summary>The open datasets, one per arm, in arm order.</summary>
    public IReadOnlyList<DatasetStore> Stores => _arms.Select(a => a.Store).ToList();

    /// <summary>Where the session is.</summary>
    public RecordingProgress Progress => _progress;

    /// <summary>
    /// Opens every target's dataset (creating or resuming it and recovering interrupted episodes) and starts its recorder.
    /// </summary>
    /// <param name="system">The actor system the arms run in.</param>
    /// <param name="targets">Arms and their datasets.</param>
    /// <param name="settings">fleet.recording.</param>
    /// <param name="resume">True to append to existing datasets.</param>
    /// <param name="log">Receives recovery lines.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The session, ready to <see cref="RunAsync"/>.</returns>
    /// <exception cref="IOException">A dataset folder cannot be written, or holds a dataset without <paramref name="resume"/>.</exception>
    /// <exception cref="JournalStorageException">A journal cannot be opened.</exception>
    public static async Task<RecordingSession> OpenAsync(ActorSystem system, IReadOnlyList<RecordingTarget> targets, RecordingSettings settings,
        bool resume, TextWriter log, CancellationToken cancellationToken)
    {
        var arms = new List<ArmRecorder>();
        try
        {
            foreach (var target in targets)
            {
                var store = await DatasetStore.OpenAsync(target.DatasetRoot, target.Spec, settings, resume, log, cancellationToken).ConfigureAwait(false);
                var recorder = system.ActorOf(RecorderActor.Props(new RecorderSettings(target.ArmId, target.Spec, store.Writer, store.Exporter, store.SegmentsFolder)),
                    $"recorder-{target.ArmId}");
                arms.Add(new ArmRecorder(target.ArmId, store, recorder));
            }
        }
        catch
        {
            foreach (var arm in arms)
            {
                system.Stop(arm.Recorder);
                await arm.Store.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
        return new RecordingSession(system, arms, log);
    }

    /// <summary>Every recorder's live counters, in arm order.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<IReadOnlyList<RecorderStatus>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<RecorderStatus>();
        foreach (var arm in _arms)
            list.Add(await arm.Recorder.Ask<RecorderStatus>(new GetRecorderStatus(), TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false));
        return list;
    }

    /// <summary>
    /// Records <paramref name="plan"/>: returns when every episode is recorded and exported, after
    /// <see cref="EpisodeCommand.Stop"/>, or after <paramref name="cancellationToken"/> fires (the current episode is then
    /// ended early and kept).
    /// </summary>
    /// <param name="plan">Episodes, times and task.</param>
    /// <param name="commands">Operator commands, or null.</param>
    /// <param name="cancellationToken">Stops recording (keeps the current episode).</param>
    /// <returns>Episodes exported during this run, all arms together.</returns>
    /// <exception cref="RecordingException">A recorder failed; earlier episodes are intact.</exception>
    public async Task<int> RunAsync(EpisodePlan plan, ChannelReader<EpisodeCommand>? commands, CancellationToken cancellationToken)
    {
        plan.Validate();
        var recorded = 0;
        string? message = null;
        while (recorded < plan.Episodes && !cancellationToken.IsCancellationRequested)
        {
            SetProgress(recorded + 1, plan.Episodes, "recording", DateTimeOffset.UtcNow + plan.EpisodeTime, message);
            await StartAllAsync(plan.Task).ConfigureAwait(false);
            Log($"recording: episode {recorded + 1}/{plan.Episodes} started ({string.Join(", ", _arms.Select(a => $"{a.ArmId} as dataset episode {a.NextIndex}"))})");
            var command = await WaitAsync(plan.EpisodeTime, commands, cancellationToken).ConfigureAwait(false);
            var discard = command == EpisodeCommand.ReRecord;
            var reason = command switch
            {
                EpisodeCommand.EndEarly => "ended early by operator",
                EpisodeCommand.ReRecord => "discarded by operator to record it again",
                EpisodeCommand.Stop => "recording stopped by operator",
                _ => cancellationToken.IsCancellationRequested ? "recording stopped (node stopping)" : null,
            };
            await StopAllAsync(reason, discard).ConfigureAwait(false);
            ThrowIfFailed();
            Log($"recording: episode {recorded + 1}/{plan.Episodes} {(discard ? "discarded" : "stopped")}{(reason is null ? "" : $" ({reason})")}");
            if (discard)
            {
                message = $"episode {recorded + 1} discarded; recording it again";
            }
            else
            {
                recorded++;
                message = null;
            }
            if (command == EpisodeCommand.Stop || cancellationToken.IsCancellationRequested || recorded >= plan.Episodes) break;
            if (plan.ResetTime > TimeSpan.Zero)
            {
                SetProgress(recorded, plan.Episodes, "reset", DateTimeOffset.UtcNow + plan.ResetTime, message);
                if (await WaitAsync(plan.ResetTime, commands, cancellationToken).ConfigureAwait(false) == EpisodeCommand.Stop) break;
            }
        }
        SetProgress(recorded, plan.Episodes, "exporting", null, message);
        await WaitForExportsAsync().ConfigureAwait(false);
        SetProgress(recorded, plan.Episodes, "done", null, message);
        return _saved;
    }

    private async Task StartAllAsync(string task)
    {
        foreach (var arm in _arms)
        {
            var key = new EpisodeKey(arm.Store.Name, arm.ArmId, arm.NextIndex);
            var reply = await arm.Recorder.Ask<object>(new StartEpisode(key, task), AskTimeout).ConfigureAwait(false);
            if (reply is RecordingFailed failed) Fail(failed.Message);
            ThrowIfFailed();
        }
    }

    private async Task StopAllAsync(string? reason, bool discard)
    {
        foreach (var arm in _arms)
        {
            var reply = await arm.Recorder.Ask<object>(new StopEpisode(reason, discard), AskTimeout).ConfigureAwait(false);
            if (reply is RecordingFailed failed) Fail(failed.Message);
            else if (reply is EpisodeStopped { Key: { } key, Discarded: false })
            {
                lock (_exports) _exports[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                arm.NextIndex++;
            }
        }
    }

    // Waits for the time to pass, an operator command, a failure or cancellation; returns the command if one came.
    private async Task<EpisodeCommand?> WaitAsync(TimeSpan time, ChannelReader<EpisodeCommand>? commands, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(time);
        var elapsed = Task.Delay(Timeout.Infinite, timer.Token);
        var command = commands is null ? Task.Delay(Timeout.Infinite, timer.Token) : commands.ReadAsync(timer.Token).AsTask();
        var first = await Task.WhenAny(elapsed, command, _failure.Task).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        return first == command && command is Task<EpisodeCommand> { IsCompletedSuccessfully: true } c ? c.Result : null;
    }

    private async Task WaitForExportsAsync()
    {
        Task[] pending;
        lock (_exports) pending = _exports.Values.Select(t => t.Task).ToArray();
        var all = Task.WhenAll(pending);
        await Task.WhenAny(all, _failure.Task, Task.Delay(TimeSpan.FromMinutes(5))).ConfigureAwait(false);
        ThrowIfFailed();
        if (!all.IsCompleted) throw new RecordingException("The exports of the last episodes did not finish within 5 minutes; they are kept in the journal and exported on the next start.");
    }

    private async Task ReadEventsAsync()
    {
        await foreach (var e in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (e is EpisodeFinished finished && _arms.Any(a => a.ArmId == finished.Key.ArmId))
            {
                Interlocked.Increment(ref _saved);
                lock (_exports)
                    if (_exports.TryGetValue(finished.Key, out var done)) done.TrySetResult();
                _progress = _progress with { Saved = _saved };
                Log($"recording: {finished.Key} saved: {finished.Saved.Length} frames as dataset episode {finished.Saved.EpisodeIndex}" +
                    (finished.Saved.FilledFrames + finished.Saved.DroppedFrames > 0 ? $" ({finished.Saved.FilledFrames} camera frames filled, {finished.Saved.DroppedFrames} dropped)" : ""));
            }
            else if (e is RecordingFailed failed && _arms.Any(a => a.ArmId == failed.ArmId))
            {
                Fail(failed.Message);
            }
        }
    }

    private void Fail(string message) => _failure.TrySetResult(message);

    private void Log(string line)
    {
        try
        {
            _log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            // the console went away (the process is ending); the journal still has everything
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure.Task.IsCompleted) throw new RecordingException(_failure.Task.Result);
    }

    private void SetProgress(int episode, int episodes, string phase, DateTimeOffset? endsAt, string? message) =>
        _progress = new RecordingProgress(episode, episodes, phase, endsAt, _saved, message);

    /// <summary>Stops the recorders (an episode still recording is left to recovery), then closes the datasets and journals.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var arm in _arms)
            if (!_system.WhenTerminated.IsCompleted) _system.Stop(arm.Recorder);
        if (!_system.WhenTerminated.IsCompleted) _system.Stop(_forwarder);
        _events.Writer.TryComplete();
        await _eventLoop.ConfigureAwait(false);
        foreach (var arm in _arms)
        {
            try
            {
                await arm.Store.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JournalStorageException or JournalWriterStoppedException)
            {
                // Every saved episode already updated info.json and the Parquet footers; only the final rewrite failed.
                Log($"recording: {arm.Store.Root} could not be closed cleanly ({e.Message}); the episodes saved before are intact.");
            }
        }
    }
}
