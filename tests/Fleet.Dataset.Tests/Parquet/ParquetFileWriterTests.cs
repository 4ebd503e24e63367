using System.Text.Json;
using Fleet.Dataset.Parquet;
using Fleet.Dataset.Tests.Infrastructure;

namespace Fleet.Dataset.Tests.Parquet;

public class ParquetFileWriterTests
{
    private static readonly ParquetColumn Action = ParquetColumn.FixedList("action", LeafType.Float, 3);
    private static readonly ParquetColumn Timestamp = ParquetColumn.Scalar("timestamp", LeafType.Float);
    private static readonly ParquetColumn Index = ParquetColumn.Scalar("index", LeafType.Int64);
    private static readonly ParquetColumn Task = ParquetColumn.Scalar("task", LeafType.String);
    private static readonly ParquetColumn Tasks = ParquetColumn.List("tasks", LeafType.String);
    private static readonly ParquetColumn Mean = ParquetColumn.Scalar("stats/x/mean", LeafType.Double);
    private static readonly ParquetColumn Image = ParquetColumn.List("stats/img/min", LeafType.Double, depth: 3);
    private static readonly ParquetColumn[] Columns = [Action, Timestamp, Index, Task, Tasks, Mean, Image];

    private static List<ColumnBuffer> RowGroup(int firstRow, int rows)
    {
        var buffers = Columns.Select(c => new ColumnBuffer(c)).ToList();
        for (var r = firstRow; r < firstRow + rows; r++)
        {
            buffers[0].AddList([r * 0.5f, -r, 1e-7f * r]);
            buffers[1].Add(r / 30f);
            buffers[2].Add((long)r * 1_000_000_007L);
            buffers[3].Add(r % 3 == 0 ? "pick the cube — ünïcode" : $"task {r % 3}");
            buffers[4].AddRow(r % 4 == 0 ? Array.Empty<string>() : Enumerable.Range(0, r % 4).Select(i => $"t{i}").ToArray());
            buffers[5].Add(Math.PI * r);
            buffers[6].AddRow(new[] { new[] { new[] { r * 0.1 } }, new[] { new[] { r * 0.2 } }, new[] { new[] { r * 0.3 } } });
        }
        return buffers;
    }

    [Fact]
    public async System.Threading.Tasks.Task WriteRowGroupAsync_AllColumnKinds_IndependentReadersSeeSameSchemaAndValues()
    {
        using var dir = new TempDir();
        var path = dir.File("mixed.parquet");
        await using (var writer = await ParquetFileWriter.CreateAsync(path, Columns, [new("huggingface", "{\"info\": 1}")], CancellationToken.None))
        {
            await writer.WriteRowGroupAsync(RowGroup(0, 40), CancellationToken.None);
            await writer.WriteRowGroupAsync(RowGroup(40, 25), CancellationToken.None);
        }
        var read = await IndependentParquetReader.ReadAsync(path);

        Assert.Equal("FLOAT[]", read.ColumnType("action"));
        Assert.Equal("FLOAT", read.ColumnType("timestamp"));
        Assert.Equal("BIGINT", read.ColumnType("index"));
        Assert.Equal("VARCHAR", read.ColumnType("task"));
        Assert.Equal("VARCHAR[]", read.ColumnType("tasks"));
        Assert.Equal("DOUBLE", read.ColumnType("stats/x/mean"));
        Assert.Equal("DOUBLE[][][]", read.ColumnType("stats/img/min"));
        Assert.Equal(65, read.Hyp().GetProperty("numRows").GetInt32());
        Assert.Equal(2, read.Hyp().GetProperty("rowGroups").GetInt32());

        foreach (var reader in new[] { "duckdb", "hyparquet" })
        {
            var rows = read.Rows(reader);
            Assert.Equal(65, rows.Length);
            for (var r = 0; r < rows.Length; r++) AssertRow(rows[r], r, reader);
        }
    }

    private static void AssertRow(JsonElement row, int r, string reader)
    {
        var action = row.GetProperty("action").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        Assert.Equal(new[] { r * 0.5f, -r, 1e-7f * r }, action);
        Assert.Equal(r / 30f, (float)row.GetProperty("timestamp").GetDouble());
        Assert.Equal((long)r * 1_000_000_007L, ReadLong(row.GetProperty("index")));
        Assert.Equal(r % 3 == 0 ? "pick the cube — ünïcode" : $"task {r % 3}", row.GetProperty("task").GetString());
        Assert.Equal(Enumerable.Range(0, r % 4).Select(i => $"t{i}"), row.GetProperty("tasks").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Math.PI * r, row.GetProperty("stats/x/mean").GetDouble());
        var image = row.GetProperty("stats/img/min").EnumerateArray().Select(c => c[0][0].GetDouble()).ToArray();
        Assert.True(new[] { r * 0.1, r * 0.2, r * 0.3 }.SequenceEqual(image), $"{reader} row {r}: image stats {string.Join(",", image)}");
    }

    private static long ReadLong(JsonElement e) => e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!) : e.GetInt64();

    [Fact]
    public async System.Threading.Tasks.Task CreateAsync_WithMetadata_WritesArrowSchemaThatApacheArrowDecodes()
    {
        using var dir = new TempDir();
        var path = dir.File("arrow.parquet");
        await using (var writer = await ParquetFileWriter.CreateAsync(path, Columns, [new("huggingface", "{\"a\": 1}")], CancellationToken.None))
            await writer.WriteRowGroupAsync(RowGroup(0, 3), CancellationToken.None);
        var read = await IndependentParquetReader.ReadAsync(path);

        var fields = read.Arrow().GetProperty("fields").EnumerateArray().ToArray();
        Assert.Equal(Columns.Select(c => c.Name), fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal("FixedSizeList[3]<Float32>", fields[0].GetProperty("type").GetString());
        Assert.Equal("item", fields[0].GetProperty("children")[0].GetProperty("name").GetString());
        Assert.Equal("Float32", fields[1].GetProperty("type").GetString());
        Assert.Equal("Int64", fields[2].GetProperty("type").GetString());
        Assert.Equal("Utf8", fields[3].GetProperty("type").GetString());
        Assert.Equal("List<Utf8>", fields[4].GetProperty("type").GetString());
        Assert.Equal("Float64", fields[5].GetProperty("type").GetString());
        Assert.Equal("List<List<List<Float64>>>", fields[6].GetProperty("type").GetString());
        Assert.All(fields, f => Assert.True(f.GetProperty("nullable").GetBoolean()));
        Assert.Equal("{\"a\": 1}", read.Arrow().GetProperty("metadata").GetProperty("huggingface").GetString());
        Assert.Equal(["huggingface", "ARROW:schema"], read.Hyp().GetProperty("kv").EnumerateArray().Select(e => e.GetProperty("key").GetString()!));
    }

    [Fact]
    public async System.Threading.Tasks.Task WriteRowGroupAsync_Footer_HasSnappyDictionaryAndStatistics()
    {
        using var dir = new TempDir();
        var path = dir.File("stats.parquet");
        await using (var writer = await ParquetFileWriter.CreateAsync(path, Columns, [], CancellationToken.None))
            await writer.WriteRowGroupAsync(RowGroup(0, 30), CancellationToken.None);
        var read = await IndependentParquetReader.ReadAsync(path);
        var meta = read.Duck().GetProperty("meta").EnumerateArray().ToArray();

        Assert.All(meta, m => Assert.Equal("SNAPPY", m.GetProperty("compression").GetString()));
        var index = meta.Single(m => m.GetProperty("path_in_schema").GetString() == "index");
        Assert.Equal("0", index.GetProperty("stats_min_value").GetString());
        Assert.Equal((29L * 1_000_000_007L).ToString(), index.GetProperty("stats_max_value").GetString());
        Assert.Equal("0", index.GetProperty("stats_null_count").ToString());
        Assert.Contains("RLE_DICTIONARY", index.GetProperty("encodings").GetString());
        var action = meta.Single(m => m.GetProperty("path_in_schema").GetString()!.StartsWith("action"));
        Assert.Equal("90", action.GetProperty("num_values").ToString());
        Assert.Equal("-29.0", action.GetProperty("stats_min_value").GetString());
    }

    [Fact]
    public async System.Threading.Tasks.Task WriteRowGroupAsync_HighCardinalityMegabytes_FallsBackToPlainAcrossPages()
    {
        using var dir = new TempDir();
        var path = dir.File("big.parquet");
        var column = ParquetColumn.FixedList("state", LeafType.Float, 6);
        var ids = ParquetColumn.Scalar("episode_index", LeafType.Int64);
        var random = new Random(7);
        var state = new ColumnBuffer(column);
        var episode = new ColumnBuffer(ids);
        double sum = 0;
        const int rows = 60_000;
        for (var r = 0; r < rows; r++)
        {
            var v = new float[6];
            for (var k = 0; k < 6; k++) { v[k] = (float)random.NextDouble(); sum += v[k]; }
            state.AddList(v);
            episode.Add(r / 1000L);
        }
        await using (var writer = await ParquetFileWriter.CreateAsync(path, [column, ids], [], CancellationToken.None))
            await writer.WriteRowGroupAsync([state, episode], CancellationToken.None);
        var read = await IndependentParquetReader.ReadAsync(path);
        var meta = read.Duck().GetProperty("meta").EnumerateArray().ToArray();

        Assert.DoesNotContain("DICTIONARY", meta[0].GetProperty("encodings").GetString());
        Assert.Contains("RLE_DICTIONARY", meta[1].GetProperty("encodings").GetString());
        var rowsRead = read.Rows("hyparquet");
        Assert.Equal(rows, rowsRead.Length);
        var readSum = rowsRead.Sum(r => r.GetProperty("state").EnumerateArray().Sum(v => (double)(float)v.GetDouble()));
        Assert.Equal(sum, readSum, 6);
        Assert.Equal(59, ReadLong(read.Rows("duckdb")[rows - 1].GetProperty("episode_index")));
    }

    [Fact]
    public async System.Threading.Tasks.Task WriteRowGroupAsync_WrongFixedLength_ThrowsNamingTheColumn()
    {
        var buffer = new ColumnBuffer(Action);
        var e = Assert.Throws<ArgumentException>(() => buffer.AddList([1f, 2f]));
        Assert.Contains("'action'", e.Message);
        Assert.Contains("fixed-size list of 3", e.Message);
        await System.Threading.Tasks.Task.CompletedTask;
    }
}
