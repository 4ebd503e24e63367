using Fleet.Actors.Recording;
using Fleet.Actors.Tests.Infrastructure;
using Fleet.Dataset.Export;
using Fleet.Dataset.Journal;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Verify;
using Fleet.Dataset.Video;
using Fleet.Hardware.Cameras;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;

namespace Fleet.Actors.Tests.Recording;

/// <summary>
/// The recorder on a real simulated arm (pseudo-terminal bus, real actors, sine policy, synthetic camera) with a real
/// SQLite journal, live ffmpeg encoding (H.264, small frames) and the real dataset writer; the result is checked by
/// the dataset verifier and against the journal.
/// </summary>
public sealed class RecorderActorTests : IAsyncLifetime
{
    private static readonly TimeSpan Ask = TimeSpan.FromSeconds(30);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fleet-rec-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly SimulatedFleet _fleet = new("recorder-test");
    private readonly DatasetSpec _spec = DatasetSpec.So101(30, [new CameraSpec("front", 64, 48)], VideoEncoderOptions.H264);
    private SqliteJournal _journal = null!;
    private JournalWriter _writer = null!;
    private DatasetWriter _dataset = null!;
    private IActorRef _recorder = null!;

    private string Segments => Path.Combine(_root, ".fleet", "segments");

    public async Task InitializeAsync()
    {
        await _fleet.AddArmAsync("arm-1", "sine", 30, cameras: [() => new SyntheticCamera(new SyntheticCameraOptions("front", 64, 48, 30))]);
        _fleet.Start(new Dictionary<string, Func<IPolicy>>
        {
            ["sine"] = () => new SinusoidPolicy(new SinusoidPolicyOptions(ChunkSize: 30, Amplitude: [20, 10, 10, 10, 30, 10], Offset: [0, 0, 0, 0, 0, 50])),
        });
        _journal = await SqliteJournal.OpenAsync(Path.Combine(_root, ".fleet", "journal.db"), CancellationToken.None);
        _writer = new JournalWriter(_journal, new JournalWriterOptions(MaxBatchSize: 16));
        _dataset = await DatasetWriter.CreateAsync(_root, _spec, null, CancellationToken.None);
        _recorder = _fleet.System.ActorOf(RecorderActor.Props(new RecorderSettings("arm-1", _spec, _writer, new EpisodeExporter(_journal, _dataset), Segments)), "recorder");
        await _fleet.WaitForAsync("arm-1", s => s.Executed >= 5, "the arm moving");
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        await _writer.DisposeAsync();
        await _dataset.DisposeAsync();
        await _journal.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task StopEpisode_AfterRecording_JournalsEveryTickAndExportsAVerifiedEpisode()
    {
        var key = new EpisodeKey("ds", "arm-1", 0);
        Assert.IsType<EpisodeStarted>(await _recorder.Ask<object>(new StartEpisode(key, "wave"), Ask));
        await WaitForFramesAsync(45);

        var stopped = Assert.IsType<EpisodeStopped>(await _recorder.Ask<object>(new StopEpisode(null), Ask));
        var exported = await WaitForStateAsync(key, EpisodeState.Exported);

        Assert.Equal(stopped.Frames, exported.FrameCount);
        Assert.Equal(1, _dataset.TotalEpisodes);
        Assert.Equal(stopped.Frames, _dataset.TotalFrames);
        var frames = await ReadFramesAsync(key);
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.FrameIndex));
        Assert.All(frames, f => Assert.Equal("wave", f.Task));
        Assert.All(frames, f => Assert.Equal(new CameraFrameRef("front", f.FrameIndex), Assert.Single(f.Cameras)));
        // The arm moved while recording: the journaled states and actions change from tick to tick.
        Assert.True(frames.Select(f => string.Join(',', f.Action)).Distinct().Count() > frames.Count / 2);
        Assert.True(frames.Select(f => string.Join(',', f.State)).Distinct().Count() > frames.Count / 2);
        await _dataset.FinishAsync(CancellationToken.None);
        var report = await DatasetVerifier.VerifyAsync(_root, CancellationToken.None);
        Assert.True(report.IsValid, string.Join('\n', report.Findings));
        Assert.Empty(Directory.GetFiles(Segments)); // the segment was moved into the dataset's video file
    }

    [Fact]
    public async Task StopEpisode_Discard_DiscardsInTheJournalAndDeletesTheVideos()
    {
        var key = new EpisodeKey("ds", "arm-1", 0);
        Assert.IsType<EpisodeStarted>(await _recorder.Ask<object>(new StartEpisode(key, "wave"), Ask));
        await WaitForFramesAsync(10);

        var stopped = Assert.IsType<EpisodeStopped>(await _recorder.Ask<object>(new StopEpisode("re-record", Discard: true), Ask));

        Assert.True(stopped.Discarded);
        var info = await _journal.GetEpisodeAsync(key, CancellationToken.None);
        Assert.Equal(EpisodeState.Discarded, info!.State);
        Assert.Equal("re-record", info.Reason);
        // The segment is renamed away before the reply, then deleted once its ffmpeg is killed.
        Assert.False(File.Exists(RecorderSettings.SegmentPath(Segments, key, "front")));
        await WaitUntilAsync(() => Directory.GetFiles(Segments).Length == 0, "the discarded segment deleted");
        Assert.Equal(0, _dataset.TotalEpisodes);
        // The same index records again after a discard.
        Assert.IsType<EpisodeStarted>(await _recorder.Ask<object>(new StartEpisode(key, "wave"), Ask));
    }

    [Fact]
    public async Task StartEpisode_IndexNotTheDatasetsNext_ExportFailsWithRecordingFailedAndTheEpisodeStaysFinished()
    {
        var key = new EpisodeKey("ds", "arm-1", 5);
        Assert.IsType<EpisodeStarted>(await _recorder.Ask<object>(new StartEpisode(key, "wave"), Ask));
        await WaitForFramesAsync(5);
        var failures = new TaskCompletionSource<RecordingFailed>();
        var listener = _fleet.System.ActorOf(Props.Create(() => new FailureListener(failures)), "listener");
        _fleet.System.EventStream.Subscribe(listener, typeof(RecordingFailed));

        Assert.IsType<EpisodeStopped>(await _recorder.Ask<object>(new StopEpisode(null), Ask));
        var failed = await failures.Task.WaitAsync(Ask);

        Assert.Contains("next episode index is 0", failed.Message);
        Assert.Equal(key, failed.Key);
        Assert.Equal(EpisodeState.Finished, (await _journal.GetEpisodeAsync(key, CancellationToken.None))!.State);
        Assert.Equal(0, _dataset.TotalEpisodes);
    }

    private async Task WaitForFramesAsync(long frames)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await _recorder.Ask<RecorderStatus>(new GetRecorderStatus(), Ask)).Frames < frames)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the recorder never journaled {frames} frames");
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never saw {what}");
            await Task.Delay(20);
        }
    }

    private async Task<EpisodeInfo> WaitForStateAsync(EpisodeKey key, EpisodeState state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var info = await _journal.GetEpisodeAsync(key, CancellationToken.None);
            if (info?.State == state) return info;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"episode {key} never became {state} (it is {info?.State})");
            await Task.Delay(50);
        }
    }

    private async Task<List<FrameRecord>> ReadFramesAsync(EpisodeKey key)
    {
        var frames = new List<FrameRecord>();
        await foreach (var f in _journal.ReadFramesAsync(key, CancellationToken.None)) frames.Add(f);
        return frames;
    }

    private sealed class FailureListener : ReceiveActor
    {
        public FailureListener(TaskCompletionSource<RecordingFailed> failures) => Receive<RecordingFailed>(f => failures.TrySetResult(f));
    }
}
