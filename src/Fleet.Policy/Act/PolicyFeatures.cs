using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.Act;

/// <summary>
/// The parts of a LeRobot policy config.json that every policy type shares: <c>input_features</c> (state and
/// cameras), <c>output_features.action</c> and <c>normalization_mapping</c>. Errors name the file, the field and
/// what Fleet's <c>policy</c> accepts.
/// </summary>
internal static class PolicyFeatures
{
    /// <summary>Camera keys with their [3, H, W] sizes in config order, and the state length (0 without state).</summary>
    public static (List<(string, int, int)> Images, int StateDim) ReadInputs(Fields f, string file, string policy)
    {
        var images = new List<(string, int, int)>();
        int stateDim = 0;
        foreach (var feature in f.Object("input_features").EnumerateObject())
        {
            string kind = feature.Value.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            int[] shape = Fields.Shape(feature.Value, $"input_features.{feature.Name}", file);
            switch (kind)
            {
                case "VISUAL" when shape.Length == 3 && shape[0] == 3:
                    images.Add((feature.Name, shape[1], shape[2]));
                    break;
                case "VISUAL":
                    throw new CheckpointException($"{file}: input_features.{feature.Name} has shape {ShapeFormat.Of(shape)}; a {policy} camera must be [3, H, W].");
                case "STATE" when feature.Name == "observation.state" && shape.Length == 1:
                    stateDim = shape[0];
                    break;
                default:
                    throw new CheckpointException($"{file}: input feature '{feature.Name}' (type {kind}, shape {ShapeFormat.Of(shape)}) is not supported by Fleet's {policy}; it takes observation.state [n] and observation.images.* [3, H, W].");
            }
        }
        return (images, stateDim);
    }

    /// <summary>The length of <c>output_features.action</c>.</summary>
    public static int ReadAction(Fields f, string file)
    {
        var output = f.Object("output_features");
        if (!output.TryGetProperty("action", out var action))
            throw new CheckpointException($"{file}: output_features has no 'action'.");
        int[] shape = Fields.Shape(action, "output_features.action", file);
        return shape.Length == 1 ? shape[0] : throw new CheckpointException($"{file}: output_features.action has shape {ShapeFormat.Of(shape)}; expected [action_dim].");
    }

    /// <summary>The normalization mode of each feature type (VISUAL, STATE, ACTION…).</summary>
    public static Dictionary<string, NormalizationMode> ReadNormalization(Fields f, string file)
    {
        var map = new Dictionary<string, NormalizationMode>(StringComparer.Ordinal);
        foreach (var item in f.Object("normalization_mapping").EnumerateObject())
        {
            map[item.Name] = item.Value.GetString() switch
            {
                "IDENTITY" => NormalizationMode.Identity,
                "MEAN_STD" => NormalizationMode.MeanStd,
                "MIN_MAX" => NormalizationMode.MinMax,
                var other => throw new CheckpointException($"{file}: normalization_mapping.{item.Name} is '{other}'; supported: IDENTITY, MEAN_STD, MIN_MAX."),
            };
        }
        return map;
    }
}
