using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Dataset.Hub;

/// <summary>
/// The dataset card (<c>README.md</c>) pushed with a dataset. Its YAML header carries what the Hub and LeRobot
/// read: <c>license</c>, <c>task_categories: [robotics]</c>, <c>tags</c> starting with <c>LeRobot</c>, and a
/// <c>configs</c> entry pointing the dataset viewer at <c>data/*/*.parquet</c>. The body shows the dataset's
/// <c>meta/info.json</c> under "Dataset Structure", indented by 4 as LeRobot prints it.
/// </summary>
public static class DatasetCard
{
    /// <summary>Where the card lives in the repository.</summary>
    public const string PathInRepo = "README.md";

    /// <summary>Renders the card for <paramref name="repo"/> from its <paramref name="info"/> (meta/info.json).</summary>
    /// <param name="repo">The repository the card describes.</param>
    /// <param name="info">The dataset's meta/info.json.</param>
    /// <param name="license">An SPDX-style license id for the YAML header.</param>
    /// <param name="tags">Extra tags after <c>LeRobot</c>.</param>
    public static string Render(RepoId repo, JsonObject info, string license = "apache-2.0", IReadOnlyList<string>? tags = null)
    {
        var sb = new StringBuilder();
        sb.Append("---\n");
        sb.Append("license: ").Append(license).Append('\n');
        sb.Append("task_categories:\n- robotics\n");
        sb.Append("tags:\n- LeRobot\n");
        foreach (var tag in tags ?? []) sb.Append("- ").Append(Yaml(tag)).Append('\n');
        sb.Append("configs:\n- config_name: default\n  data_files: data/*/*.parquet\n");
        sb.Append("---\n\n");
        sb.Append("# ").Append(repo.Name).Append("\n\n");
        sb.Append("A LeRobotDataset v3.0 recorded with Fleet");
        if (info["robot_type"] is JsonValue robot) sb.Append(" on `").Append((string?)robot).Append('`');
        sb.Append($": {Number(info, "total_episodes")} episodes, {Number(info, "total_frames")} frames at {Number(info, "fps")} fps, {Number(info, "total_tasks")} tasks.\n\n");
        sb.Append($"- Load it with LeRobot: `LeRobotDataset(\"{repo}\")` (the `v3.0` tag selects this format).\n");
        sb.Append($"- Browse it: https://huggingface.co/spaces/lerobot/visualize_dataset?path=%2F{repo.Namespace}%2F{repo.Name}\n\n");
        sb.Append("## Dataset Structure\n\n[meta/info.json](meta/info.json):\n```json\n");
        sb.Append(info.ToJsonString(PrettyJson)).Append("\n```\n");
        return sb.ToString();
    }

    private static readonly JsonSerializerOptions PrettyJson = new()
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string Number(JsonObject info, string key) => info[key]?.ToJsonString() ?? "?";

    // Tags are free text; quote them so ':' or '#' cannot break the YAML header.
    private static string Yaml(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
