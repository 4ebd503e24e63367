using System.Text.Json;

namespace Fleet.Dataset.Tests.Infrastructure;

/// <summary>
/// Reads a Parquet file with DuckDB, hyparquet and apache-arrow (node child process running
/// tests/tools/dataset/read-parquet.mjs) and returns what they saw. Needs scripts/setup-dataset.sh.
/// </summary>
internal static class IndependentParquetReader
{
    public static async Task<JsonElement> ReadAsync(string parquetFile)
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.Tools, "node_modules", "@duckdb")))
            throw new InvalidOperationException($"DuckDB for node is missing in {RepoPaths.Tools}; run scripts/setup-dataset.sh first.");
        var (code, stdout, stderr) = await ProcessRunner.RunAsync("node", [Path.Combine(RepoPaths.Tools, "read-parquet.mjs"), parquetFile], RepoPaths.Tools);
        Assert.True(code == 0, $"The independent readers rejected {parquetFile}:\n{stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public static JsonElement Duck(this JsonElement r) => r.GetProperty("duckdb");

    public static JsonElement Hyp(this JsonElement r) => r.GetProperty("hyparquet");

    public static JsonElement Arrow(this JsonElement r) => r.GetProperty("arrow");

    public static string ColumnType(this JsonElement r, string column) =>
        r.Duck().GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == column).GetProperty("type").GetString()!;

    public static JsonElement[] Rows(this JsonElement r, string reader) => r.GetProperty(reader).GetProperty("rows").EnumerateArray().ToArray();

    public static string? KeyValue(this JsonElement r, string key) =>
        r.Duck().GetProperty("kv").EnumerateArray().Where(e => e.GetProperty("key").GetString() == key)
            .Select(e => e.GetProperty("value").GetString()).FirstOrDefault();
}
