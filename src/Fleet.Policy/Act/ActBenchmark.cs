using System.Diagnostics;

namespace Fleet.Policy.Act;

/// <summary>Latency of one batch size: the median and best of several timed predictions.</summary>
/// <param name="Batch">Observations per prediction.</param>
/// <param name="MedianMs">Median wall time per prediction, ms.</param>
/// <param name="MinMs">Fastest prediction, ms.</param>
/// <param name="CpuMsPerPrediction">Process CPU time per prediction (all threads), ms: the cost that does not depend on
/// how busy the machine is.</param>
public sealed record ActBenchResult(int Batch, double MedianMs, double MinMs, double CpuMsPerPrediction)
{
    /// <summary>Median time per observation, ms.</summary>
    public double PerObservationMs => MedianMs / Batch;

    /// <summary>Observations per second at the median.</summary>
    public double ObservationsPerSecond => 1000.0 * Batch / MedianMs;

    /// <summary>With profiling on (<see cref="ActProfile"/>): wall and calling-thread CPU ms per prediction of each
    /// section, in forward order; else empty.</summary>
    public IReadOnlyList<(string Section, double MsPerPrediction, double CpuMsPerPrediction)> Sections { get; init; } = [];
}

/// <summary>
/// Times <see cref="ActPolicy.Predict"/> on synthetic observations of the configured sizes (fixed-seed random
/// images, zero state), after one untimed warm-up prediction per batch size. Normalization is included.
/// </summary>
public static class ActBenchmark
{
    /// <summary>Measures each batch size in turn.</summary>
    public static IReadOnlyList<ActBenchResult> Run(ActPolicy policy, IEnumerable<int> batches, int iterations, CancellationToken cancellationToken)
    {
        var results = new List<ActBenchResult>();
        foreach (int batch in batches)
        {
            var (state, images) = Synthetic(policy.Config, batch);
            policy.Predict(batch, state, images);
            policy.Profile?.Reset();
            var times = new List<double>();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            for (int i = 0; i < iterations; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                policy.Predict(batch, state, images);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / iterations;
            times.Sort();
            var sections = policy.Profile?.Sections().Select(s => (s.Section, s.TotalMs / iterations, s.CpuMs / iterations)).ToList();
            results.Add(new ActBenchResult(batch, times[times.Count / 2], times[0], cpu) { Sections = sections ?? [] });
        }
        return results;
    }

    /// <summary>Raw inputs for <paramref name="batch"/> observations: zero state, random [0,1] images (seed 1).</summary>
    public static (float[] State, List<float[]> Images) Synthetic(ActConfig config, int batch)
    {
        var rng = new Random(1);
        var images = config.Images.Select(i => Enumerable.Range(0, batch * 3 * i.Height * i.Width).Select(_ => (float)rng.NextDouble()).ToArray()).ToList();
        return (new float[batch * config.StateDim], images);
    }
}
