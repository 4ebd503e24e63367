using System.Text.Json;

namespace Fleet.Policy.Checkpoints;

/// <summary>
/// Per-feature normalization statistics of a LeRobot checkpoint, from either layout:
/// <list type="bullet">
/// <item>lerobot ≥ 0.4: the normalizer step of <c>policy_preprocessor.json</c> and the unnormalizer step of
/// <c>policy_postprocessor.json</c> name safetensors state files holding <c>&lt;feature&gt;.&lt;stat&gt;</c>;</item>
/// <item>lerobot ≤ 0.3: buffers inside <c>model.safetensors</c> named
/// <c>normalize_inputs.buffer_&lt;feature with '.' as '_'&gt;.&lt;stat&gt;</c> and <c>unnormalize_outputs.buffer_action.&lt;stat&gt;</c>.</item>
/// </list>
/// As in LeRobot, a feature without stats is left unnormalized.
/// </summary>
public sealed class NormalizationStats
{
    private static readonly string[] StatNames = ["mean", "std", "min", "max"];
    private readonly Dictionary<string, FeatureStats> _features;

    private NormalizationStats(Dictionary<string, FeatureStats> features, string source)
    {
        _features = features;
        Source = source;
    }

    /// <summary>Where the stats came from (file names), for logs and errors.</summary>
    public string Source { get; }

    /// <summary>The stats of a feature, or null when the checkpoint has none for it.</summary>
    public FeatureStats? For(string featureKey) => _features.GetValueOrDefault(featureKey);

    /// <summary>Loads the stats of <paramref name="featureKeys"/> from the checkpoint folder or, failing that, the model file.</summary>
    /// <exception cref="CheckpointException">A processor json is unreadable or names a missing state file.</exception>
    public static NormalizationStats Load(string directory, SafetensorsFile model, IEnumerable<string> featureKeys)
    {
        var keys = featureKeys.ToList();
        string? pre = StateFile(directory, "policy_preprocessor.json", "normalizer_processor");
        string? post = StateFile(directory, "policy_postprocessor.json", "unnormalizer_processor");
        if (pre is null && post is null)
            return FromModel(model, keys);
        var features = new Dictionary<string, FeatureStats>(StringComparer.Ordinal);
        // Inputs from the preprocessor; the action from the postprocessor (what un-normalizes outputs).
        foreach (var (file, isOutput) in new[] { (pre, false), (post, true) })
        {
            if (file is null) continue;
            using var st = SafetensorsFile.Open(file);
            foreach (var key in keys.Where(k => (k == "action") == isOutput))
                if (Read(st, key + ".") is { } stats) features[key] = stats;
        }
        return new NormalizationStats(features, string.Join(" + ", new[] { pre, post }.Where(f => f is not null).Select(Path.GetFileName)));
    }

    private static NormalizationStats FromModel(SafetensorsFile model, List<string> keys)
    {
        var features = new Dictionary<string, FeatureStats>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            string module = key == "action" ? "unnormalize_outputs" : "normalize_inputs";
            if (Read(model, $"{module}.buffer_{key.Replace('.', '_')}.") is { } stats) features[key] = stats;
        }
        return new NormalizationStats(features, Path.GetFileName(model.Path) + " (normalize_inputs / unnormalize_outputs buffers)");
    }

    private static FeatureStats? Read(SafetensorsFile file, string prefix)
    {
        var values = StatNames.Select(s => file.Contains(prefix + s) ? file.ReadFloat32(prefix + s) : null).ToArray();
        return values.All(v => v is null) ? null : new FeatureStats(values[0], values[1], values[2], values[3]);
    }

    /// <summary>The state file of the step named <paramref name="registryName"/> in a processor json, if the json exists.</summary>
    private static string? StateFile(string directory, string jsonName, string registryName)
    {
        string json = Path.Combine(directory, jsonName);
        if (!File.Exists(json))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            foreach (var step in doc.RootElement.GetProperty("steps").EnumerateArray())
            {
                if (!step.TryGetProperty("registry_name", out var name) || name.GetString() != registryName)
                    continue;
                if (!step.TryGetProperty("state_file", out var stateFile) || stateFile.GetString() is not { } fileName)
                    return null;
                string path = Path.Combine(directory, fileName);
                return File.Exists(path)
                    ? path
                    : throw new CheckpointException($"{json}: step '{registryName}' names state file '{fileName}', which does not exist in {directory}.");
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CheckpointException($"{json}: not a LeRobot processor description ({e.Message}); expected {{\"steps\": [{{\"registry_name\": ..., \"state_file\": ...}}]}}.");
        }
    }
}
