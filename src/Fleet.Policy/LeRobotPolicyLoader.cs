using System.Text.Json;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.SmolVla;
using Fleet.Policy.Tensors;

namespace Fleet.Policy;

/// <summary>
/// Loads a LeRobot checkpoint folder as an <see cref="IPolicy"/> (what a fleet config's
/// <c>policy { type = act, path = DIR }</c> resolves to). The type named by the caller must match
/// <c>config.json</c>'s <c>type</c>, so a config pointing at the wrong folder fails at start-up, not mid-episode.
/// </summary>
public static class LeRobotPolicyLoader
{
    /// <summary>Policy types this build can run from a checkpoint.</summary>
    public static IReadOnlyList<string> SupportedTypes { get; } = ["act", "smolvla"];

    /// <summary>Loads the checkpoint at <paramref name="directory"/>.</summary>
    /// <param name="type">Expected policy type (<c>act</c>, <c>smolvla</c>), or null to take whatever config.json says.</param>
    /// <param name="directory">The checkpoint folder.</param>
    /// <param name="threads">Compute threads; null for one per core.</param>
    /// <param name="temporalEnsembleCoeff">ACT only: temporal ensembling coefficient overriding config.json's; null keeps it.</param>
    /// <exception cref="CheckpointException">The folder is not a checkpoint, its type differs from <paramref name="type"/>,
    /// or the type is not one of <see cref="SupportedTypes"/>; for SmolVLA also when no tokenizer.json can be found
    /// (the message lists the paths tried), since a fleet policy reads the episode's task text.</exception>
    public static IPolicy Load(string? type, string directory, int? threads = null, double? temporalEnsembleCoeff = null)
    {
        string actual;
        JsonElement config;
        using (var checkpoint = LeRobotCheckpoint.Open(directory))
        {
            actual = checkpoint.PolicyType;
            config = checkpoint.Config.Clone(); // outlives the checkpoint, so SmolVLA's tokenizer needs no second open
        }
        string configPath = Path.Combine(directory, "config.json");
        if (type is not null && !string.Equals(type, actual, StringComparison.Ordinal))
            throw new CheckpointException($"{configPath}: policy type is '{actual}' but the fleet config asks for '{type}'.");
        var parallelism = threads is { } n ? new Parallelism(n) : Parallelism.Default();
        return actual switch
        {
            "act" => ActPolicy.Load(directory, parallelism, temporalEnsembleCoeff),
            "smolvla" => LoadSmolVla(directory, SmolVlaConfig.Parse(config, configPath), parallelism),
            _ => throw new CheckpointException($"{configPath}: unknown policy type '{actual}'; this build runs {string.Join(", ", SupportedTypes)} checkpoints."),
        };
    }

    private static IPolicy LoadSmolVla(string directory, SmolVlaConfig config, Parallelism parallelism)
    {
        var tokenizer = SmolVlaTaskTokenizer.Load(directory, config);
        return SmolVlaPolicy.Load(directory, parallelism, tokenizer.Tokenize);
    }
}
