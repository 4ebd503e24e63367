using System.Text.Json;

namespace Fleet.Policy.Checkpoints;

/// <summary>
/// A LeRobot pretrained-model folder: <c>config.json</c> (the policy config, with <c>type</c>),
/// <c>model.safetensors</c> (weights, memory-mapped) and normalization statistics in either layout
/// (<see cref="NormalizationStats"/>). Owns the mapped model file until disposed.
/// </summary>
public sealed class LeRobotCheckpoint : IDisposable
{
    private readonly JsonDocument _config;

    private LeRobotCheckpoint(string directory, JsonDocument config, SafetensorsFile model)
    {
        Directory = directory;
        _config = config;
        Model = model;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Path of <c>config.json</c>.</summary>
    public string ConfigPath => Path.Combine(Directory, "config.json");

    /// <summary>The parsed <c>config.json</c>; valid until disposal.</summary>
    public JsonElement Config => _config.RootElement;

    /// <summary>The policy type, e.g. <c>act</c>.</summary>
    public string PolicyType => Config.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";

    /// <summary>The weights.</summary>
    public SafetensorsFile Model { get; }

    /// <summary>Opens a checkpoint folder.</summary>
    /// <exception cref="CheckpointException">The folder, <c>config.json</c> or <c>model.safetensors</c> is missing or
    /// unreadable; the message names the path and what a LeRobot checkpoint folder must contain.</exception>
    public static LeRobotCheckpoint Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new CheckpointException($"{directory}: checkpoint folder not found (expected a LeRobot pretrained_model folder with config.json and model.safetensors).");
        string configPath = Path.Combine(directory, "config.json");
        string modelPath = Path.Combine(directory, "model.safetensors");
        if (!File.Exists(configPath))
            throw new CheckpointException($"{configPath}: not found; a LeRobot checkpoint folder needs config.json next to model.safetensors.");
        if (!File.Exists(modelPath))
            throw new CheckpointException($"{modelPath}: not found; a LeRobot checkpoint folder needs model.safetensors next to config.json.");
        JsonDocument config;
        try
        {
            config = JsonDocument.Parse(File.ReadAllText(configPath));
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{configPath}: invalid JSON at line {e.LineNumber + 1}: {e.Message}");
        }
        try
        {
            return new LeRobotCheckpoint(directory, config, SafetensorsFile.Open(modelPath));
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>Loads the normalization stats of the given features (see <see cref="NormalizationStats.Load"/>).</summary>
    public NormalizationStats LoadStats(IEnumerable<string> featureKeys) => NormalizationStats.Load(Directory, Model, featureKeys);

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        _config.Dispose();
    }
}
