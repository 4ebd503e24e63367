using System.Text.Json.Nodes;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Parquet.Reading;

namespace Fleet.Dataset.Verify;

/// <summary>
/// Checks any LeRobotDataset v3.0 folder (Fleet's or LeRobot's): info.json keys and features, tasks.parquet,
/// the episodes metadata (contiguous episode and frame ranges), every data file (columns, shapes,
/// contiguous global index, frame_index, timestamps = frame_index / fps within LeRobot's 1e-4 s tolerance,
/// task indices), every video file (exists, ffprobe frame count and duration against the episodes it holds,
/// from/to timestamps) and stats (stats.json and the per-episode stats columns). It never stops at the first
/// problem: every finding names the file, the row or episode, and what was expected.
/// </summary>
public sealed partial class DatasetVerifier
{
    /// <summary>LeRobot's default timestamp tolerance (<c>tolerance_s</c>).</summary>
    public const double ToleranceSeconds = 1e-4;

    private readonly string _root;
    private readonly List<VerifyFinding> _findings = [];
    private readonly List<string> _checked = [];
    private JsonObject _info = new();
    private JsonObject _features = new();
    private int _fps;
    private List<EpisodeRow> _episodes = [];

    private DatasetVerifier(string root) => _root = root;

    /// <summary>One row of the episodes metadata, as the checks need it.</summary>
    internal sealed record EpisodeRow(long Index, long Length, long DataChunk, long DataFile, long From, long To,
        Dictionary<string, (long Chunk, long File, double From, double To)> Videos, string Where);

    /// <summary>Verifies the dataset in <paramref name="root"/>.</summary>
    public static async Task<VerifyReport> VerifyAsync(string root, CancellationToken ct)
    {
        var v = new DatasetVerifier(root);
        await v.RunAsync(ct).ConfigureAwait(false);
        return new VerifyReport(root, v._findings, v._checked);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        if (!Directory.Exists(_root)) { Error(_root, "the dataset folder does not exist."); return; }
        if (!await CheckInfoAsync(ct).ConfigureAwait(false)) return;
        var totalTasks = await CheckTasksAsync(ct).ConfigureAwait(false);
        await CheckEpisodesAsync(ct).ConfigureAwait(false);
        await CheckDataAsync(totalTasks, ct).ConfigureAwait(false);
        await CheckVideosAsync(ct).ConfigureAwait(false);
        await CheckStatsAsync(ct).ConfigureAwait(false);
    }

    private void Error(string where, string message) => _findings.Add(new VerifyFinding(Severity.Error, where, message));

    private void Warn(string where, string message) => _findings.Add(new VerifyFinding(Severity.Warning, where, message));

    private string Rel(string path) => Path.GetRelativePath(_root, path).Replace('\\', '/');

    private async Task<bool> CheckInfoAsync(CancellationToken ct)
    {
        const string where = "meta/info.json";
        var path = Path.Combine(_root, "meta", "info.json");
        if (!File.Exists(path)) { Error(where, "missing; this is not a LeRobotDataset v3 folder."); return false; }
        try
        {
            _info = JsonNode.Parse(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)) as JsonObject
                ?? throw new InvalidDataException("not a JSON object");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            Error(where, $"unreadable JSON: {e.Message}");
            return false;
        }
        var version = _info["codebase_version"]?.GetValue<string>();
        if (version != InfoJson.CodebaseVersion) Error(where, $"codebase_version is '{version}'; this checks v3.0 datasets.");
        foreach (var key in new[] { "fps", "features", "total_episodes", "total_frames", "total_tasks", "chunks_size", "data_path" })
            if (!_info.ContainsKey(key)) Error(where, $"required key '{key}' is missing.");
        _fps = _info["fps"] is JsonValue f && f.TryGetValue<int>(out var fps) ? fps : 0;
        if (_fps <= 0) { Error(where, "fps must be a positive integer."); return false; }
        _features = _info["features"] as JsonObject ?? new JsonObject();
        foreach (var (key, dtype) in InfoJson.DefaultFeatures)
        {
            var actual = _features[key]?["dtype"]?.GetValue<string>();
            if (actual != dtype) Error(where, $"feature '{key}' must have dtype {dtype}; found {actual ?? "nothing"}.");
        }
        _checked.Add($"info.json: v3.0, fps {_fps}, {_features.Count} features");
        return true;
    }

    private IEnumerable<string> VideoKeys => _features.Where(f => f.Value?["dtype"]?.GetValue<string>() == "video").Select(f => f.Key);

    private long InfoLong(string key) => _info[key] is JsonValue v && v.TryGetValue<long>(out var l) ? l : -1;

    private async Task<long> CheckTasksAsync(CancellationToken ct)
    {
        var path = Path.Combine(_root, TasksFile.RelativePath);
        if (!File.Exists(path)) { Error(TasksFile.RelativePath, "missing; every frame's task_index points into it."); return -1; }
        try
        {
            var tasks = await TasksFile.ReadAsync(path, ct).ConfigureAwait(false);
            if (tasks.Count != InfoLong("total_tasks"))
                Error(TasksFile.RelativePath, $"holds {tasks.Count} tasks; info.json total_tasks says {InfoLong("total_tasks")}.");
            var reader = await ParquetFileReader.OpenAsync(path, ct).ConfigureAwait(false);
            if (!reader.KeyValueMetadata.Any(kv => kv.Key == "pandas" && kv.Value.Contains("\"index_columns\": [\"task\"]", StringComparison.Ordinal)))
                Warn(TasksFile.RelativePath, "no pandas metadata naming 'task' as the index; LeRobot's load_tasks will index tasks by number.");
            _checked.Add($"tasks.parquet: {tasks.Count} tasks");
            return tasks.Count;
        }
        catch (Exception e) when (e is InvalidDataException or KeyNotFoundException or NotSupportedException)
        {
            Error(TasksFile.RelativePath, e.Message);
            return -1;
        }
    }
}
