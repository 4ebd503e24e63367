using Fleet.Dataset.Meta;
using Fleet.Dataset.Parquet;
using Fleet.Dataset.Video;

namespace Fleet.Dataset.Export;

public sealed partial class DatasetWriter
{
    private const double Mb = 1024.0 * 1024.0;

    /// <summary>
    /// Appends one episode. Steps: 1. register new tasks (tasks.parquet); 2. per-episode stats (image stats
    /// from sampled frames of each segment); 3. one data row group, rolling the data file by size;
    /// 4. each camera's segment appended to its video file, rolling by size; 5. the episodes metadata row;
    /// 6. totals, info.json and stats.json.
    /// </summary>
    /// <remarks>
    /// The episode is validated and its stats computed before anything is written. If placing a video or
    /// writing the episodes row fails with an I/O error (ffmpeg failing, disk full), the episode's data row
    /// group is removed again before the exception propagates, so the data file holds no orphan frames;
    /// video files of cameras already placed keep the episode's frames at their end, which no episode row
    /// points to. A crash (no exception) can still leave such a partial episode; <c>fleet dataset verify</c>
    /// reports it and the recorder re-exports the episode from its journal.
    /// </remarks>
    /// <exception cref="ArgumentException">The episode is empty, a camera's segment is missing, or its frame count differs from the episode length.</exception>
    /// <exception cref="InvalidOperationException">The writer is finished.</exception>
    public async Task<EpisodeSaved> SaveEpisodeAsync(EpisodeBuffer episode, CancellationToken ct)
    {
        if (_finished) throw new InvalidOperationException($"The dataset writer for '{Root}' is finished; resume the dataset to add episodes.");
        Validate(episode);
        var index = TotalEpisodes;
        var from = TotalFrames;
        // 1.
        var taskIndices = await RegisterTasksAsync(episode, ct).ConfigureAwait(false);
        // 2.
        var stats = await EpisodeStatsAsync(episode, index, from, taskIndices, ct).ConfigureAwait(false);
        // 3.
        var dataFile = await WriteDataAsync(episode, index, from, taskIndices, ct).ConfigureAwait(false);
        try
        {
            // 4.
            var videos = await PlaceVideosAsync(episode, ct).ConfigureAwait(false);
            // 5.
            await WriteEpisodeRowAsync(episode, index, from, dataFile, videos, stats, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Recovery path: take the episode's frames out of the data file again so it holds no rows
            // without an episodes row, then let the caller see the original failure.
            await _data!.RemoveLastRowGroupAsync(CancellationToken.None).ConfigureAwait(false);
            _framesInDataFile -= episode.Length;
            throw;
        }
        // 6.
        TotalEpisodes++;
        TotalFrames += episode.Length;
        foreach (var (feature, s) in stats)
            _stats[feature] = _stats.TryGetValue(feature, out var previous) ? FeatureStats.Aggregate([previous, s]) : s;
        await WriteInfoAsync(ct).ConfigureAwait(false);
        return new EpisodeSaved(index, episode.Length, from, Path.Combine("data", dataFile.RelativePath(".parquet")),
            episode.Videos.Values.Sum(v => v.FilledFrames), episode.Videos.Values.Sum(v => v.DroppedFrames));
    }

    private void Validate(EpisodeBuffer episode)
    {
        if (!episode.Spec.Equals(Spec)) throw new ArgumentException($"The episode was built for a different dataset spec than '{Root}' ({episode.Spec.Fps} fps, {episode.Spec.Cameras.Count} cameras vs {Spec.Fps} fps, {Spec.Cameras.Count} cameras).");
        if (episode.Length == 0) throw new ArgumentException("The episode has no frames.");
        foreach (var camera in Spec.Cameras)
        {
            if (!episode.Videos.TryGetValue(camera.Name, out var segment))
                throw new ArgumentException($"Episode {TotalEpisodes} has no video for camera '{camera.Name}'.");
            if (segment.Frames != episode.Length)
                throw new ArgumentException($"Episode {TotalEpisodes}: camera '{camera.Name}' video has {segment.Frames} frames; the episode has {episode.Length}.");
            if (!File.Exists(segment.Path)) throw new ArgumentException($"Episode {TotalEpisodes}: video segment '{segment.Path}' does not exist.");
        }
    }

    private async Task<long[]> RegisterTasksAsync(EpisodeBuffer episode, CancellationToken ct)
    {
        var added = false;
        var indices = new long[episode.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var task = episode.Tasks[i];
            if (!_taskIndex.TryGetValue(task, out var t))
            {
                t = _tasks.Count;
                _tasks.Add(task);
                _taskIndex[task] = t;
                added = true;
            }
            indices[i] = t;
        }
        if (added) await TasksFile.WriteAsync(Path.Combine(Root, TasksFile.RelativePath), _tasks, ct).ConfigureAwait(false);
        return indices;
    }

    private async Task<Dictionary<string, FeatureStats>> EpisodeStatsAsync(EpisodeBuffer episode, int index, long from, long[] tasks, CancellationToken ct)
    {
        var n = episode.Length;
        var stats = new Dictionary<string, FeatureStats>
        {
            ["action"] = StatsCalculator.Numeric(episode.Actions.Select(v => (double)v).ToArray(), Spec.ActionNames.Count, float32: true),
            ["observation.state"] = StatsCalculator.Numeric(episode.States.Select(v => (double)v).ToArray(), Spec.StateNames.Count, float32: true),
        };
        foreach (var camera in Spec.Cameras)
            stats[camera.Key] = await ImageStatsSampler.ComputeAsync(episode.Videos[camera.Name].Path, camera.Width, camera.Height, n, ct).ConfigureAwait(false);
        stats["timestamp"] = StatsCalculator.Numeric(Enumerable.Range(0, n).Select(i => (double)Timestamp(i)).ToArray(), 1, float32: true);
        stats["frame_index"] = StatsCalculator.Numeric(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), 1, float32: false);
        stats["episode_index"] = StatsCalculator.Numeric(Enumerable.Repeat((double)index, n).ToArray(), 1, float32: false);
        stats["index"] = StatsCalculator.Numeric(Enumerable.Range(0, n).Select(i => (double)(from + i)).ToArray(), 1, float32: false);
        stats["task_index"] = StatsCalculator.Numeric(tasks.Select(t => (double)t).ToArray(), 1, float32: false);
        return stats;
    }

    /// <summary>LeRobot's timestamp: frame_index / fps computed in float64, stored as float32.</summary>
    private float Timestamp(int frameIndex) => (float)(frameIndex / (double)Spec.Fps);

    private async Task<ChunkFile> WriteDataAsync(EpisodeBuffer episode, int index, long from, long[] tasks, CancellationToken ct)
    {
        var n = episode.Length;
        if (_data is not null && _framesInDataFile > 0)
        {
            var size = _data.FileLength / Mb;
            if (size + size / _framesInDataFile * n >= Options.DataFileSizeMb)
            {
                await _data.DisposeAsync().ConfigureAwait(false);
                _data = null;
                _dataPosition = _dataPosition.Next(Options.ChunksSize);
            }
        }
        var columns = DataFileSchema.Columns(Spec);
        if (_data is null)
        {
            var path = Path.Combine(Root, "data", _dataPosition.RelativePath(".parquet"));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _data = await ParquetFileWriter.CreateAsync(path, columns, [DataFileSchema.HuggingFaceMetadata(Spec)], ct).ConfigureAwait(false);
            _framesInDataFile = 0;
        }
        var buffers = columns.Select(c => new ColumnBuffer(c)).ToArray();
        var a = Spec.ActionNames.Count;
        var s = Spec.StateNames.Count;
        var actions = episode.Actions.ToArray();
        var states = episode.States.ToArray();
        for (var i = 0; i < n; i++)
        {
            buffers[0].AddList(actions.AsSpan(i * a, a));
            buffers[1].AddList(states.AsSpan(i * s, s));
            buffers[2].Add(Timestamp(i));
            buffers[3].Add((long)i);
            buffers[4].Add((long)index);
            buffers[5].Add(from + i);
            buffers[6].Add(tasks[i]);
        }
        await _data.WriteRowGroupAsync(buffers, ct).ConfigureAwait(false);
        _framesInDataFile += n;
        return _dataPosition;
    }
}
