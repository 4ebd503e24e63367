using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Actors.Fleets;

namespace Fleet.Node.Fleets;

/// <summary>
/// The machine-readable end-of-run summary <c>fleet demo --summary-json FILE</c> writes:
/// <c>{"arms":[{"id","ticks","starvation_ticks","jitter_p99_ms","chunks_received", ...}]}</c>.
/// The five named fields are a contract (scripts read them); the rest may grow.
/// </summary>
public static class FleetSummary
{
    /// <summary>Renders <paramref name="status"/> as the summary document.</summary>
    public static JsonObject ToJson(FleetStatus status)
    {
        var arms = new JsonArray();
        foreach (var arm in status.Arms)
        {
            arms.Add(new JsonObject
            {
                ["id"] = arm.ArmId,
                ["ticks"] = arm.Ticks,
                ["starvation_ticks"] = arm.StarvationTicks,
                ["jitter_p99_ms"] = Math.Round(arm.Tick.JitterP99.TotalMilliseconds, 3),
                ["chunks_received"] = arm.ChunksReceived,
                ["state"] = arm.State.ToString(),
                ["executed"] = arm.Executed,
                ["overruns"] = arm.Tick.Overruns,
                ["jitter_p50_ms"] = Math.Round(arm.Tick.JitterP50.TotalMilliseconds, 3),
                ["jitter_max_ms"] = Math.Round(arm.Tick.JitterMax.TotalMilliseconds, 3),
                ["requests"] = arm.Requests,
                ["timeouts"] = arm.Timeouts,
                ["chunk_latency_p50_ms"] = Math.Round(arm.ChunkLatencyP50.TotalMilliseconds, 3),
                ["tick_work_p99_ms"] = Math.Round(arm.Budget?.WorkP99.TotalMilliseconds ?? 0, 3),
                ["ticks_over_budget"] = arm.Budget?.OverBudget ?? 0,
            });
        }
        return new JsonObject { ["arms"] = arms };
    }

    /// <summary>Writes the summary to <paramref name="path"/> (via a temporary file, so readers never see half of it).</summary>
    public static async Task WriteAsync(FleetStatus status, string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        await File.WriteAllTextAsync(temp, ToJson(status).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        File.Move(temp, full, overwrite: true);
    }
}
