using System.Text.Json.Nodes;

namespace Fleet.Dataset.Meta;

/// <summary>
/// Statistics of one feature over one episode or a whole dataset, per dimension (per channel for images),
/// with LeRobot's keys: min, max, mean, std, count, q01, q10, q50, q90, q99. Image stats are in [0, 1]
/// and are written with shape (3, 1, 1); <see cref="Count"/> is then the number of sampled frames.
/// </summary>
/// <param name="Min">Per-dimension minimum.</param>
/// <param name="Max">Per-dimension maximum.</param>
/// <param name="Mean">Per-dimension mean.</param>
/// <param name="Std">Per-dimension population standard deviation.</param>
/// <param name="Count">Frames the stats cover (sampled frames for images).</param>
/// <param name="Quantiles">q01, q10, q50, q90, q99, each per dimension.</param>
/// <param name="IsImage">True for camera features (shape (3,1,1) on disk).</param>
public sealed record FeatureStats(double[] Min, double[] Max, double[] Mean, double[] Std, long Count, double[][] Quantiles, bool IsImage)
{
    /// <summary>The quantile keys, in LeRobot's order.</summary>
    public static readonly string[] QuantileKeys = ["q01", "q10", "q50", "q90", "q99"];

    /// <summary>The quantile levels matching <see cref="QuantileKeys"/>.</summary>
    public static readonly double[] QuantileLevels = [0.01, 0.10, 0.50, 0.90, 0.99];

    /// <summary>All stat keys in the order LeRobot writes them.</summary>
    public static readonly string[] Keys = ["min", "max", "mean", "std", "count", "q01", "q10", "q50", "q90", "q99"];

    /// <summary>The per-dimension values of stat <paramref name="key"/> (not valid for "count").</summary>
    public double[] Values(string key) => key switch
    {
        "min" => Min,
        "max" => Max,
        "mean" => Mean,
        "std" => Std,
        _ => Quantiles[Array.IndexOf(QuantileKeys, key)],
    };

    /// <summary>
    /// Combines episode stats the way LeRobot's <c>aggregate_stats</c> does: elementwise min/max, count-weighted
    /// mean, pooled variance, summed count; q01/q10/q50 take the elementwise minimum and q90/q99 the maximum
    /// (a conservative envelope, not true quantiles).
    /// </summary>
    public static FeatureStats Aggregate(IReadOnlyList<FeatureStats> parts)
    {
        if (parts.Count == 1) return parts[0];
        var dims = parts[0].Min.Length;
        double total = parts.Sum(p => (double)p.Count);
        var min = new double[dims]; var max = new double[dims]; var mean = new double[dims]; var std = new double[dims];
        var q = QuantileKeys.Select(_ => new double[dims]).ToArray();
        for (var d = 0; d < dims; d++)
        {
            min[d] = parts.Min(p => p.Min[d]);
            max[d] = parts.Max(p => p.Max[d]);
            mean[d] = parts.Sum(p => p.Mean[d] * p.Count) / total;
            var m = mean[d];
            std[d] = Math.Sqrt(parts.Sum(p => p.Count * (p.Std[d] * p.Std[d] + (p.Mean[d] - m) * (p.Mean[d] - m))) / total);
            for (var k = 0; k < q.Length; k++)
                q[k][d] = k < 3 ? parts.Min(p => p.Quantiles[k][d]) : parts.Max(p => p.Quantiles[k][d]);
        }
        return new FeatureStats(min, max, mean, std, (long)total, q, parts[0].IsImage);
    }

    /// <summary>The stats as a stats.json object (keys in LeRobot's order, images as (3,1,1)).</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject();
        foreach (var key in Keys)
            obj[key] = key == "count" ? new JsonArray(JsonValue.Create(Count)) : Shape(Values(key));
        return obj;
    }

    private JsonArray Shape(double[] values) => IsImage
        ? new JsonArray(values.Select(v => (JsonNode)new JsonArray(new JsonArray(JsonValue.Create(v)))).ToArray())
        : new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>Reads stats written by <see cref="ToJson"/> (or by LeRobot).</summary>
    /// <exception cref="InvalidDataException">A key is missing or has the wrong shape.</exception>
    public static FeatureStats FromJson(JsonObject obj, string feature)
    {
        double[] Read(string key)
        {
            if (obj[key] is not JsonArray arr) throw new InvalidDataException($"stats for '{feature}' lack '{key}'.");
            return arr.Select(Flatten).ToArray();
        }
        var isImage = obj["min"] is JsonArray { Count: > 0 } a && a[0] is JsonArray;
        var count = obj["count"] is JsonArray { Count: 1 } c ? Flatten(c[0]) : throw new InvalidDataException($"stats for '{feature}' lack 'count'.");
        return new FeatureStats(Read("min"), Read("max"), Read("mean"), Read("std"), (long)count,
            QuantileKeys.Select(Read).ToArray(), isImage);
    }

    private static double Flatten(JsonNode? node) => node switch
    {
        JsonArray { Count: 1 } inner => Flatten(inner[0]),
        JsonValue v => Number(v.GetValue<object>()),
        _ => throw new InvalidDataException("stats value is neither a number nor a one-element list."),
    };

    // Python writes NaN/Infinity bare; readers quote them first, so they arrive here as strings.
    private static double Number(object value) => value switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        string s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e => double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        System.Text.Json.JsonElement e => e.GetDouble(),
        _ => throw new InvalidDataException($"stats value {value} is not a number."),
    };
}
