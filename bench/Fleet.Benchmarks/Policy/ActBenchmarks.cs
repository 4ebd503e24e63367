using BenchmarkDotNet.Attributes;
using Fleet.Policy.Act;
using Fleet.Policy.Tensors;

namespace Fleet.Benchmarks.Policy;

/// <summary>
/// ACT end to end (normalization, backbone, transformer, un-normalization) on 480×640 cameras, batch 1 and 8,
/// 2 threads. The checkpoints come from scripts/bench-policy.sh, which writes them with the PyTorch reference and
/// passes their folders in FLEET_ACT_1CAM and FLEET_ACT_2CAM.
/// </summary>
public class ActBenchmarks
{
    private ActPolicy _policy = null!;
    private float[] _state = [];
    private List<float[]> _images = [];

    /// <summary>Number of 480×640 cameras.</summary>
    [Params(1, 2)]
    public int Cameras { get; set; }

    /// <summary>Observations per prediction.</summary>
    [Params(1, 8)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string variable = Cameras == 1 ? "FLEET_ACT_1CAM" : "FLEET_ACT_2CAM";
        string path = Environment.GetEnvironmentVariable(variable)
            ?? throw new InvalidOperationException($"{variable} is not set; run scripts/bench-policy.sh, which creates the checkpoints.");
        _policy = ActPolicy.Load(path, new Parallelism(2));
        (_state, _images) = ActBenchmark.Synthetic(_policy.Config, Batch);
    }

    [Benchmark]
    public float[] Predict() => _policy.Predict(Batch, _state, _images);

    [GlobalCleanup]
    public void Cleanup() => _policy.Dispose();
}
