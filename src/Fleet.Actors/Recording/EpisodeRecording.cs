using Fleet.Actors.Arm;
using Fleet.Dataset.Journal;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Video;
using Fleet.Messages;

namespace Fleet.Actors.Recording;

/// <summary>
/// One episode being recorded on one arm: turns each servo tick into a journaled <see cref="FrameRecord"/> (frame
/// <c>i</c> at <c>i / fps</c>) and feeds each camera's newest frame at that tick into the camera's live encoder at
/// the same index, so video frame <c>i</c> is what the camera showed at tick <c>i</c>.
/// </summary>
/// <remarks>Used only from its recorder actor's turn; not thread-safe.</remarks>
internal sealed class EpisodeRecording
{
    private readonly DatasetSpec _spec;
    private readonly JournalWriter _writer;
    private readonly Dictionary<string, FfmpegEncoder> _encoders;
    private readonly long _taskIndex;
    private static readonly TimeSpan AbortLimit = TimeSpan.FromSeconds(5);

    private EpisodeRecording(EpisodeKey key, string task, DatasetSpec spec, JournalWriter writer, Dictionary<string, FfmpegEncoder> encoders, long taskIndex)
    {
        Key = key;
        Task = task;
        _spec = spec;
        _writer = writer;
        _encoders = encoders;
        _taskIndex = taskIndex;
    }

    /// <summary>The episode.</summary>
    public EpisodeKey Key { get; }

    /// <summary>The task text.</summary>
    public string Task { get; }

    /// <summary>Ticks recorded (= frames handed to the journal writer).</summary>
    public long Frames { get; private set; }

    /// <summary>Camera frames dropped by the encoders plus slots filled because no new frame was there.</summary>
    public long DroppedFrames => _encoders.Values.Sum(e => e.DroppedFrames + e.FilledFrames);

    /// <summary>Starts one encoder per camera of the spec, writing into <paramref name="segmentsFolder"/>.</summary>
    public static EpisodeRecording Start(EpisodeKey key, string task, DatasetSpec spec, JournalWriter writer, string segmentsFolder, long taskIndex)
    {
        Directory.CreateDirectory(segmentsFolder);
        var encoders = new Dictionary<string, FfmpegEncoder>(StringComparer.Ordinal);
        try
        {
            foreach (var camera in spec.Cameras)
            {
                var path = RecorderSettings.SegmentPath(segmentsFolder, key, camera.Name);
                encoders[camera.Name] = FfmpegEncoder.Start(path, camera.Width, camera.Height, spec.Fps, spec.Video);
            }
        }
        catch
        {
            foreach (var e in encoders.Values) e.Abort();
            throw;
        }
        return new EpisodeRecording(key, task, spec, writer, encoders, taskIndex);
    }

    /// <summary>Records one tick: journals state and action, and hands each camera's newest frame to its encoder.</summary>
    /// <exception cref="JournalWriterStoppedException">The journal writer stopped (storage failure).</exception>
    /// <exception cref="InvalidOperationException">The journal writer's queue is full: the disk cannot keep up.</exception>
    public void RecordTick(ServoState state, IReadOnlyDictionary<string, ImageFrame> latest)
    {
        var index = Frames;
        var refs = new CameraFrameRef[_spec.Cameras.Count];
        for (int c = 0; c < refs.Length; c++)
        {
            var camera = _spec.Cameras[c];
            refs[c] = new CameraFrameRef(camera.Name, index);
            if (latest.TryGetValue(camera.Name, out var frame) && frame.Width == camera.Width && frame.Height == camera.Height)
                _encoders[camera.Name].TryWriteFrame(index, frame.Pixels.Span);
        }
        var goal = state.Goal.Length == state.Positions.Length ? state.Goal : state.Positions;
        var record = new FrameRecord(Key, index, index / (double)_spec.Fps, DateTimeOffset.UtcNow, state.Positions.ToArray(), goal.ToArray(),
            _taskIndex, Task, refs);
        if (!_writer.TryWrite(record))
            throw new InvalidOperationException(
                $"Arm '{Key.ArmId}', episode {Key.EpisodeIndex}: the journal cannot keep up (its queue is full at frame {index}); the disk is too slow. " +
                "Raise fleet.recording.writer.capacity or record fewer arms at once.");
        Frames++;
    }

    /// <summary>Completes every camera's video at exactly <see cref="Frames"/> frames.</summary>
    /// <exception cref="IOException">An encoder failed.</exception>
    public async Task<Dictionary<string, VideoSegment>> CompleteVideosAsync(CancellationToken cancellationToken)
    {
        var segments = new Dictionary<string, VideoSegment>(StringComparer.Ordinal);
        foreach (var (camera, encoder) in _encoders)
        {
            segments[camera] = await encoder.CompleteAsync(Frames, cancellationToken).ConfigureAwait(false);
            await encoder.DisposeAsync().ConfigureAwait(false);
        }
        return segments;
    }

    /// <summary>
    /// Kills the encoders and deletes their files (a discarded episode). Before its first await it renames the files
    /// out of the way, so the same episode can start recording again at once even while the kill is still under way.
    /// </summary>
    public async Task AbortAsync()
    {
        var doomed = new List<string>();
        foreach (var encoder in _encoders.Values)
        {
            try
            {
                var target = encoder.Path + ".discarded";
                File.Move(encoder.Path, target, overwrite: true);
                doomed.Add(target);
            }
            catch (IOException)
            {
                // Not written yet (ffmpeg had not created it): nothing to move.
            }
        }
        foreach (var encoder in _encoders.Values)
        {
            try
            {
                // Off the caller's thread and bounded: killing ffmpeg while the encoder's pump writes into its pipe can
                // leave the dispose waiting; a discarded episode must never stall its recorder.
                await System.Threading.Tasks.Task.Run(async () =>
                {
                    encoder.Abort();
                    await encoder.DisposeAsync().ConfigureAwait(false);
                }).WaitAsync(AbortLimit).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
            {
                // The pump was writing into the pipe of the ffmpeg we just killed; the file is thrown away anyway.
            }
        }
        foreach (var path in doomed)
        {
            try { File.Delete(path); } catch (IOException) { } // best effort: a leftover .discarded file is never read
        }
    }
}
