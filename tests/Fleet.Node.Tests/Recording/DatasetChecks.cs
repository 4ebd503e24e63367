using System.Diagnostics;
using System.Text.Json;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Recording;

/// <summary>Independent checks of a recorded dataset: `fleet dataset verify` as a process, and DuckDB reading the data Parquet.</summary>
internal static class DatasetChecks
{
    /// <summary>Runs `fleet dataset verify DIR` and asserts it accepts the dataset.</summary>
    public static async Task AssertVerifiesAsync(string dataset)
    {
        var (code, output) = await NodeProcess.RunAsync(dataset, TimeSpan.FromMinutes(2), "dataset", "verify", dataset);
        Assert.True(code == 0, $"fleet dataset verify {dataset} failed ({code}):\n{output}");
        Assert.Contains("is a valid LeRobotDataset v3.0", output);
    }

    /// <summary>Reads every data Parquet file (in file order) with DuckDB (tests/tools/dataset, scripts/setup-dataset.sh) and returns the rows.</summary>
    public static async Task<JsonElement[]> DuckDbRowsAsync(string dataset)
    {
        var rows = new List<JsonElement>();
        foreach (var file in Directory.GetFiles(Path.Combine(dataset, "data"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            rows.AddRange(await DuckDbFileRowsAsync(file));
        return rows.ToArray();
    }

    private static async Task<JsonElement[]> DuckDbFileRowsAsync(string file)
    {
        var tools = Path.Combine(RepoPaths.Root, "tests", "tools", "dataset");
        Assert.True(Directory.Exists(Path.Combine(tools, "node_modules", "@duckdb")), $"DuckDB for node is missing in {tools}; run scripts/setup-dataset.sh first.");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = tools };
        start.ArgumentList.Add(Path.Combine(tools, "read-parquet.mjs"));
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"read-parquet.mjs failed: {await stderr}");
        using var doc = JsonDocument.Parse(await stdout);
        return doc.RootElement.GetProperty("duckdb").GetProperty("rows").EnumerateArray().Select(r => r.Clone()).ToArray();
    }

    /// <summary>info.json's total_episodes and total_frames.</summary>
    public static (int Episodes, long Frames) Totals(string dataset)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataset, "meta", "info.json")));
        return (doc.RootElement.GetProperty("total_episodes").GetInt32(), doc.RootElement.GetProperty("total_frames").GetInt64());
    }
}
