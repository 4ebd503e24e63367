using BenchmarkDotNet.Attributes;
using Fleet.Dataset.Compression;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Parquet;

namespace Fleet.Benchmarks.Dataset;

/// <summary>
/// Parquet write throughput: one SO-101 episode (60 s at 30 fps = 1800 frames, the data-file schema) as one
/// row group, and Snappy on a page-sized buffer. Throughput = frames (or bytes) / mean time.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ParquetWriteBenchmarks
{
    private readonly DatasetSpec _spec = DatasetSpec.So101(30, []);
    private string _dir = "";
    private float[][] _states = [];
    private byte[] _page = [];

    /// <summary>Frames per episode.</summary>
    [Params(1800)]
    public int Frames { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("fleet-bench-parquet").FullName;
        var random = new Random(1);
        _states = Enumerable.Range(0, Frames).Select(_ => Enumerable.Range(0, 6).Select(_ => (float)(random.NextDouble() * 180 - 90)).ToArray()).ToArray();
        _page = new byte[1 << 20];
        for (var i = 0; i < _page.Length; i += 4) BitConverter.TryWriteBytes(_page.AsSpan(i), (float)Math.Sin(i * 0.001));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "data parquet: one 1800-frame episode")]
    public async Task<long> WriteEpisode()
    {
        var columns = DataFileSchema.Columns(_spec);
        var buffers = columns.Select(c => new ColumnBuffer(c)).ToArray();
        for (var i = 0; i < Frames; i++)
        {
            buffers[0].AddList(_states[i]);
            buffers[1].AddList(_states[(i + 1) % Frames]);
            buffers[2].Add((float)(i / 30.0));
            buffers[3].Add((long)i);
            buffers[4].Add(7L);
            buffers[5].Add(10_000L + i);
            buffers[6].Add(0L);
        }
        await using var writer = await ParquetFileWriter.CreateAsync(Path.Combine(_dir, "data.parquet"), columns, [DataFileSchema.HuggingFaceMetadata(_spec)], CancellationToken.None);
        await writer.WriteRowGroupAsync(buffers, CancellationToken.None);
        return writer.FileLength;
    }

    [Benchmark(Description = "snappy: compress 1 MiB float page")]
    public int SnappyCompress() => SnappyCompressor.Compress(_page).Length;

    [Benchmark(Description = "snappy: decompress 1 MiB float page")]
    public int SnappyRoundTrip() => SnappyDecompressor.Decompress(SnappyCompressor.Compress(_page)).Length;
}
