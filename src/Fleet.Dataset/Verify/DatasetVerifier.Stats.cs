using System.Text.Json.Nodes;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Parquet.Reading;

namespace Fleet.Dataset.Verify;

public sealed partial class DatasetVerifier
{
    private async Task CheckStatsAsync(CancellationToken ct)
    {
        var path = Path.Combine(_root, "meta", "stats.json");
        if (!File.Exists(path)) { Error("meta/stats.json", "missing; training normalizes with it."); return; }
        JsonObject stats;
        try
        {
            var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
            text = System.Text.RegularExpressions.Regex.Replace(text, @"(?<=[\[\s,:])(-?Infinity|NaN)(?=[\s,\]])", "\"$1\"");
            stats = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException("not a JSON object");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            Error("meta/stats.json", $"unreadable JSON: {e.Message}");
            return;
        }
        foreach (var (feature, _) in _features)
        {
            if (stats[feature] is not JsonObject s) { Error("meta/stats.json", $"no stats for feature '{feature}'."); continue; }
            foreach (var key in new[] { "min", "max", "mean", "std", "count" })
                if (s[key] is null) Error("meta/stats.json", $"feature '{feature}' lacks '{key}'.");
            foreach (var q in FeatureStats.QuantileKeys)
                if (s[q] is null) Warn("meta/stats.json", $"feature '{feature}' lacks quantile '{q}' (LeRobot ≥ v0.4 writes q01…q99; quantile normalization needs them).");
        }
        foreach (var file in ParquetFiles(Path.Combine("meta", "episodes")))
        {
            try
            {
                var reader = await ParquetFileReader.OpenAsync(file, ct).ConfigureAwait(false);
                foreach (var (feature, _) in _features)
                    if (!reader.ColumnNames.Contains($"stats/{feature}/mean"))
                        Error(Rel(file), $"per-episode stats column 'stats/{feature}/mean' is missing.");
            }
            catch (InvalidDataException) { /* already reported by the episodes check */ }
        }
        _checked.Add($"stats: {stats.Count} features");
    }
}
