using BenchmarkDotNet.Attributes;
using Fleet.Policy.SmolVla.Vision;
using Fleet.Policy.Tensors;

namespace Fleet.Benchmarks.Policy;

/// <summary>
/// SmolVLA's vision path at smolvla_base size (512×512, 12 SigLIP layers of 768, connector to 960), random weights,
/// 2 threads: one encode of <see cref="Batch"/> prepared images. ~215 GFLOP per image, so few iterations suffice.
/// `dotnet run -c Release --project bench/Fleet.Benchmarks -- --filter '*SmolVlaVision*'`.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser(false)]
public class SmolVlaVisionBenchmarks
{
    private SmolVlaVisionEncoder _encoder = null!;
    private float[] _images = [], _output = [];
    private readonly Parallelism _parallelism = new(2);

    /// <summary>Images per encode (cameras × observations).</summary>
    [Params(1, 2)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_encoder, _images, _output) = SmolVlaVisionTiming.Create(Batch);
    }

    [Benchmark]
    public void Encode() => _encoder.Encode(_images, Batch, _output, _parallelism);
}
