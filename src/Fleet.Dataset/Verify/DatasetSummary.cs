using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Dataset.Meta;

namespace Fleet.Dataset.Verify;

/// <summary>
/// What <c>fleet dataset info DIR</c> prints: format version, robot, fps, totals, recorded duration, tasks,
/// features with dtype and shape, per camera codec and size, and the files on disk with their sizes.
/// Reads only metadata (info.json, tasks.parquet) and file sizes, so it is fast on large datasets.
/// </summary>
/// <param name="Root">The dataset folder.</param>
/// <param name="CodebaseVersion">info.json codebase_version.</param>
/// <param name="RobotType">info.json robot_type.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="Episodes">total_episodes.</param>
/// <param name="Frames">total_frames.</param>
/// <param name="Tasks">Task texts by task_index (empty when tasks.parquet is missing).</param>
/// <param name="Features">Feature key → "dtype [shape]" plus codec for videos.</param>
/// <param name="Files">File kind → (count, bytes).</param>
public sealed record DatasetSummary(string Root, string CodebaseVersion, string RobotType, int Fps, long Episodes, long Frames,
    IReadOnlyList<string> Tasks, IReadOnlyList<(string Key, string Description)> Features, IReadOnlyList<(string Kind, int Count, long Bytes)> Files)
{
    /// <summary>Reads the summary of <paramref name="root"/>.</summary>
    /// <exception cref="InvalidDataException">meta/info.json is missing or unreadable.</exception>
    public static async Task<DatasetSummary> ReadAsync(string root, CancellationToken ct)
    {
        var infoPath = Path.Combine(root, "meta", "info.json");
        if (!File.Exists(infoPath)) throw new InvalidDataException($"'{root}' is not a LeRobotDataset: {infoPath} is missing.");
        var info = JsonNode.Parse(await File.ReadAllTextAsync(infoPath, ct).ConfigureAwait(false)) as JsonObject
            ?? throw new InvalidDataException($"{infoPath} is not a JSON object.");
        var tasksPath = Path.Combine(root, TasksFile.RelativePath);
        var tasks = File.Exists(tasksPath) ? await TasksFile.ReadAsync(tasksPath, ct).ConfigureAwait(false) : [];
        var features = (info["features"] as JsonObject ?? []).Select(f => (f.Key, Describe(f.Value as JsonObject))).ToList();
        var files = new List<(string, int, long)>();
        foreach (var (kind, folder, pattern) in new[] { ("data", "data", "*.parquet"), ("episodes", "meta/episodes", "*.parquet"), ("videos", "videos", "*.mp4") })
        {
            var dir = Path.Combine(root, folder);
            var found = Directory.Exists(dir) ? Directory.GetFiles(dir, pattern, SearchOption.AllDirectories) : [];
            files.Add((kind, found.Length, found.Sum(f => new FileInfo(f).Length)));
        }
        return new DatasetSummary(root, info["codebase_version"]?.GetValue<string>() ?? "?", info["robot_type"]?.GetValue<string>() ?? "?",
            info["fps"]?.GetValue<int>() ?? 0, info["total_episodes"]?.GetValue<long>() ?? 0, info["total_frames"]?.GetValue<long>() ?? 0,
            tasks, features, files);
    }

    private static string Describe(JsonObject? feature)
    {
        if (feature is null) return "?";
        var shape = feature["shape"] is JsonArray s ? string.Join(", ", s.Select(x => x?.ToJsonString())) : "";
        var text = $"{feature["dtype"]?.GetValue<string>()} [{shape}]";
        if (feature["info"]?["video.codec"] is JsonNode codec)
            text += $" {codec.GetValue<string>()} {feature["info"]?["video.pix_fmt"]?.GetValue<string>()}";
        return text;
    }

    /// <summary>Human-readable text.</summary>
    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"dataset   {Root}");
        sb.AppendLine(inv, $"format    LeRobotDataset {CodebaseVersion}, robot {RobotType}, {Fps} fps");
        var seconds = Fps > 0 ? Frames / (double)Fps : 0;
        sb.AppendLine(inv, $"episodes  {Episodes}, frames {Frames} ({TimeSpan.FromSeconds(seconds):hh\\:mm\\:ss} recorded)");
        sb.AppendLine(inv, $"tasks     {Tasks.Count}");
        for (var i = 0; i < Tasks.Count; i++) sb.AppendLine(inv, $"  [{i}] {Tasks[i]}");
        sb.AppendLine("features");
        foreach (var (key, description) in Features) sb.AppendLine(inv, $"  {key,-32} {description}");
        sb.AppendLine("files");
        foreach (var (kind, count, bytes) in Files) sb.AppendLine(inv, $"  {kind,-10} {count,4} file(s) {bytes / 1024.0 / 1024.0,10:0.00} MiB");
        return sb.ToString();
    }
}
