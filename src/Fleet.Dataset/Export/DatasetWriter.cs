using System.Text.Json.Nodes;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Parquet;

namespace Fleet.Dataset.Export;

/// <summary>
/// Writes a LeRobotDataset v3.0 folder episode by episode (research §1–§6), new or appended to (resume).
/// </summary>
/// <remarks>
/// Owns, for the dataset root it was opened on:
/// <list type="number">
/// <item>the open data Parquet file (<c>data/chunk-CCC/file-FFF.parquet</c>, one row group per episode);</item>
/// <item>the open episodes metadata Parquet file (<c>meta/episodes/…</c>, one row group per episode);</item>
/// <item>per camera, the current video file (<c>videos/&lt;key&gt;/…mp4</c>) and the end time of its last episode;</item>
/// <item><c>meta/tasks.parquet</c>, <c>meta/info.json</c> and <c>meta/stats.json</c>, rewritten after each episode;</item>
/// <item>the video segments handed over in each <see cref="EpisodeBuffer"/> (moved into place, then deleted).</item>
/// </list>
/// Both Parquet writers rewrite their footer after every row group, so every file is readable after each
/// <see cref="SaveEpisodeAsync"/>. A resumed dataset never reopens a file: data, episodes and video files
/// continue at the next file index. Nothing is cleaned up by a finalizer; call <see cref="FinishAsync"/>.
/// </remarks>
public sealed partial class DatasetWriter : IAsyncDisposable
{
    private readonly List<string> _tasks;
    private readonly Dictionary<string, int> _taskIndex;
    private readonly Dictionary<string, FeatureStats> _stats;
    private readonly JsonObject _features;
    private readonly Dictionary<string, CameraFile> _cameraFiles = [];
    private ParquetFileWriter? _data;
    private ChunkFile _dataPosition;
    private long _framesInDataFile;
    private ParquetFileWriter? _episodes;
    private ChunkFile _episodesPosition;
    private bool _finished;

    private sealed class CameraFile
    {
        public ChunkFile Position;
        public bool Exists;
        public double EndTimestamp;
    }

    private DatasetWriter(string root, DatasetSpec spec, DatasetWriterOptions options, JsonObject features, List<string> tasks,
        Dictionary<string, FeatureStats> stats, int episodes, long frames, ChunkFile data, ChunkFile episodesFile, Dictionary<string, ChunkFile> videos)
    {
        Root = root;
        Spec = spec;
        Options = options;
        _features = features;
        _tasks = tasks;
        _taskIndex = tasks.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        _stats = stats;
        TotalEpisodes = episodes;
        TotalFrames = frames;
        _dataPosition = data;
        _episodesPosition = episodesFile;
        foreach (var c in spec.Cameras) _cameraFiles[c.Key] = new CameraFile { Position = videos[c.Key] };
    }

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <summary>What the dataset records.</summary>
    public DatasetSpec Spec { get; }

    /// <summary>Rolling limits.</summary>
    public DatasetWriterOptions Options { get; }

    /// <summary>Episodes in the dataset, including those written before a resume.</summary>
    public int TotalEpisodes { get; private set; }

    /// <summary>Frames in the dataset, including those written before a resume.</summary>
    public long TotalFrames { get; private set; }

    /// <summary>Task texts in task_index order.</summary>
    public IReadOnlyList<string> Tasks => _tasks;

    /// <summary>Starts a new dataset in <paramref name="root"/>, which must not already hold one.</summary>
    /// <exception cref="IOException">meta/info.json already exists there (resume instead).</exception>
    public static async Task<DatasetWriter> CreateAsync(string root, DatasetSpec spec, DatasetWriterOptions? options, CancellationToken ct)
    {
        spec.Validate();
        var info = Path.Combine(root, "meta", "info.json");
        if (File.Exists(info)) throw new IOException($"'{root}' already holds a dataset ({info} exists); open it with ResumeAsync (fleet record --resume) or choose another folder.");
        Directory.CreateDirectory(Path.Combine(root, "meta"));
        var writer = new DatasetWriter(root, spec, options ?? DatasetWriterOptions.Default, InfoJson.Features(spec), [], [], 0, 0,
            new ChunkFile(0, 0), new ChunkFile(0, 0), spec.Cameras.ToDictionary(c => c.Key, _ => new ChunkFile(0, 0)));
        await writer.WriteInfoAsync(ct).ConfigureAwait(false);
        return writer;
    }

    /// <summary>
    /// Opens an existing dataset to append episodes. The spec comes from its info.json; tasks, stats and
    /// totals are read back; every file kind continues at the index after the last existing file.
    /// </summary>
    /// <exception cref="InvalidDataException">info.json, stats.json or tasks.parquet is missing or unreadable (message names the file).</exception>
    public static async Task<DatasetWriter> ResumeAsync(string root, CancellationToken ct)
    {
        var infoPath = Path.Combine(root, "meta", "info.json");
        if (!File.Exists(infoPath)) throw new InvalidDataException($"'{root}' holds no dataset to resume: {infoPath} is missing.");
        var info = JsonNode.Parse(await File.ReadAllTextAsync(infoPath, ct).ConfigureAwait(false)) as JsonObject
            ?? throw new InvalidDataException($"{infoPath} is not a JSON object.");
        var spec = InfoJson.SpecFrom(info, infoPath);
        var options = new DatasetWriterOptions(InfoJson.Int(info, "chunks_size", infoPath), InfoJson.Int(info, "data_files_size_in_mb", infoPath),
            InfoJson.Int(info, "video_files_size_in_mb", infoPath));
        var episodes = InfoJson.Int(info, "total_episodes", infoPath);
        var frames = info["total_frames"]?.GetValue<long>() ?? 0;
        var tasksPath = Path.Combine(root, TasksFile.RelativePath);
        var tasks = File.Exists(tasksPath) ? (await TasksFile.ReadAsync(tasksPath, ct).ConfigureAwait(false)).ToList() : [];
        var stats = await ReadStatsAsync(Path.Combine(root, "meta", "stats.json"), ct).ConfigureAwait(false);
        ChunkFile NextAfter(string folder, string ext) =>
            ChunkFile.LastExisting(Path.Combine(root, folder), ext) is { } last ? last.Next(options.ChunksSize) : new ChunkFile(0, 0);
        var videos = spec.Cameras.ToDictionary(c => c.Key, c => NextAfter(Path.Combine("videos", c.Key), ".mp4"));
        return new DatasetWriter(root, spec, options, (JsonObject)info["features"]!.DeepClone(), tasks, stats, episodes, frames,
            NextAfter("data", ".parquet"), NextAfter(Path.Combine("meta", "episodes"), ".parquet"), videos);
    }

    private static async Task<Dictionary<string, FeatureStats>> ReadStatsAsync(string path, CancellationToken ct)
    {
        var result = new Dictionary<string, FeatureStats>();
        if (!File.Exists(path)) return result;
        var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        // Python writes NaN bare; System.Text.Json only accepts it quoted.
        text = System.Text.RegularExpressions.Regex.Replace(text, @"(?<=[\[\s,:])(-?Infinity|NaN)(?=[\s,\]])", "\"$1\"");
        var obj = JsonNode.Parse(text, documentOptions: default) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object.");
        foreach (var (key, value) in obj)
            if (value is JsonObject stats) result[key] = FeatureStats.FromJson(stats, key);
        return result;
    }

    /// <summary>
    /// Finishes the dataset. Idempotent: a second call does nothing. Steps:
    /// 1. close the data Parquet file (its footer is already current);
    /// 2. close the episodes Parquet file;
    /// 3. rewrite info.json and stats.json from the final totals.
    /// </summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        if (_finished) return;
        // 1.
        if (_data is not null) { await _data.DisposeAsync().ConfigureAwait(false); _data = null; }
        // 2.
        if (_episodes is not null) { await _episodes.DisposeAsync().ConfigureAwait(false); _episodes = null; }
        // 3.
        await WriteInfoAsync(ct).ConfigureAwait(false);
        _finished = true;
    }

    /// <summary>Same as <see cref="FinishAsync"/> without cancellation.</summary>
    public async ValueTask DisposeAsync() => await FinishAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task WriteInfoAsync(CancellationToken ct)
    {
        var info = InfoJson.Build(_features, Spec.Fps, TotalEpisodes, TotalFrames, _tasks.Count, Options, Spec.Cameras.Count > 0, Spec.RobotType);
        await WriteAtomicAsync(Path.Combine(Root, "meta", "info.json"), PythonJson.Serialize(info), ct).ConfigureAwait(false);
        if (_stats.Count == 0) return;
        var stats = new JsonObject();
        foreach (var feature in EpisodesFileSchema.StatsFeatures(Spec))
            if (_stats.TryGetValue(feature, out var s)) stats[feature] = s.ToJson();
        await WriteAtomicAsync(Path.Combine(Root, "meta", "stats.json"), PythonJson.Serialize(stats), ct).ConfigureAwait(false);
    }

    private static async Task WriteAtomicAsync(string path, string text, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text, new System.Text.UTF8Encoding(false), ct).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
