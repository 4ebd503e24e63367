using BenchmarkDotNet.Attributes;
using Fleet.Policy.Tensors;

namespace Fleet.Benchmarks.Policy;

/// <summary>
/// Fleet's sgemm on the shapes ACT runs (the same list as tests/reference/gemm_numpy.py): channels-last conv layers
/// at 480×640 as [pixels × 9·in] · [9·in × out], and the encoder's linears at 302 tokens. GFLOP/s = 2·m·n·k / time.
/// </summary>
[MemoryDiagnoser(false)]
public class GemmBenchmarks
{
    private float[] _a = [], _c = [];
    private PackedMatrix _b = null!;
    private Parallelism _parallelism = null!;

    /// <summary>m×n×k.</summary>
    [Params("19200x64x576", "4800x128x1152", "1200x256x2304", "300x512x4608", "302x512x512", "302x3200x512", "302x512x3200")]
    public string Shape { get; set; } = "";

    /// <summary>Compute threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    private (int M, int N, int K) Dims => Shape.Split('x').Select(int.Parse).ToArray() is [var m, var n, var k] ? (m, n, k) : default;

    [GlobalSetup]
    public void Setup()
    {
        var (m, n, k) = Dims;
        var rng = new Random(1);
        _a = Enumerable.Range(0, m * k).Select(_ => rng.NextSingle()).ToArray();
        _b = PackedMatrix.Pack(Enumerable.Range(0, k * n).Select(_ => rng.NextSingle()).ToArray(), k, n, n, transpose: false);
        _c = new float[m * n];
        _parallelism = new Parallelism(Threads);
    }

    [Benchmark]
    public void Sgemm()
    {
        var (m, n, k) = Dims;
        Gemm.Multiply(m, n, k, _a, k, false, _b, _c, n, false, _parallelism);
    }
}
