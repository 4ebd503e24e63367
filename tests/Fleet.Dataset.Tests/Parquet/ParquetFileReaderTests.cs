using Fleet.Dataset.Parquet;
using Fleet.Dataset.Parquet.Reading;
using Fleet.Dataset.Tests.Infrastructure;

namespace Fleet.Dataset.Tests.Parquet;

public class ParquetFileReaderTests
{
    [Fact]
    public async Task ReadRows_FileFromFleetWriter_GivesBackEveryValueAndNesting()
    {
        using var dir = new TempDir();
        var path = dir.File("rt.parquet");
        ParquetColumn[] columns =
        [
            ParquetColumn.FixedList("v", LeafType.Float, 2), ParquetColumn.Scalar("i", LeafType.Int64),
            ParquetColumn.Scalar("s", LeafType.String), ParquetColumn.List("l", LeafType.String),
            ParquetColumn.List("n", LeafType.Double, 3),
        ];
        await using (var writer = await ParquetFileWriter.CreateAsync(path, columns, [new("k", "v")], CancellationToken.None))
        {
            for (var g = 0; g < 2; g++)
            {
                var b = columns.Select(c => new ColumnBuffer(c)).ToArray();
                for (var r = 0; r < 20; r++)
                {
                    var row = g * 20 + r;
                    b[0].AddList([row, -row]);
                    b[1].Add((long)row);
                    b[2].Add($"s{row % 2}");
                    b[3].AddRow(Enumerable.Range(0, row % 3).Select(x => $"x{x}").ToArray());
                    b[4].AddRow(new[] { new[] { new[] { row + 0.5 } }, new[] { new[] { row + 1.5 } } });
                }
                await writer.WriteRowGroupAsync(b, CancellationToken.None);
            }
        }

        var reader = await ParquetFileReader.OpenAsync(path, CancellationToken.None);
        Assert.Equal(40, reader.RowCount);
        Assert.Equal(new long[] { 20, 20 }, reader.RowGroupRowCounts);
        Assert.Equal(["v", "i", "s", "l", "n"], reader.ColumnNames);
        Assert.Equal("k", reader.KeyValueMetadata[0].Key);
        Assert.Equal(Enumerable.Range(0, 40).Select(x => (long)x), reader.ReadInt64("i"));
        Assert.Equal(Enumerable.Range(0, 40).Select(x => $"s{x % 2}"), reader.ReadStrings("s"));
        var v = reader.ReadRows("v");
        Assert.Equal(new object[] { 7f, -7f }, ((List<object?>)v[7]!).ToArray());
        var l = reader.ReadRows("l");
        Assert.Empty((List<object?>)l[3]!);
        Assert.Equal(new object[] { "x0", "x1" }, ((List<object?>)l[5]!).ToArray());
        var n = (List<object?>)reader.ReadRows("n")[9]!;
        Assert.Equal(10.5, ((List<object?>)((List<object?>)n[1]!)[0]!)[0]);
    }

    [Fact]
    public async Task OpenAsync_TruncatedFile_ThrowsNamingTheFile()
    {
        using var dir = new TempDir();
        var path = dir.File("t.parquet");
        await using (var writer = await ParquetFileWriter.CreateAsync(path, [ParquetColumn.Scalar("i", LeafType.Int64)], [], CancellationToken.None))
        {
            var b = new ColumnBuffer(ParquetColumn.Scalar("i", LeafType.Int64));
            b.Add(1L);
            await writer.WriteRowGroupAsync([b], CancellationToken.None);
        }
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^5]);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ParquetFileReader.OpenAsync(path, CancellationToken.None));
        Assert.Contains("t.parquet", e.Message);
        Assert.Contains("PAR1", e.Message);
    }
}
