using Fleet.Policy.FlowMatching;

namespace Fleet.Policy.SmolVla;

/// <summary>SmolVLA latency at one batch size: medians over the timed chunks.</summary>
/// <param name="Batch">Observations per chunk prediction.</param>
/// <param name="PrefixMs">Median image preparation + vision + prefix prefill time, ms.</param>
/// <param name="DenoiseMs">Median flow-matching (expert) time, ms.</param>
/// <param name="TotalMs">Median total per chunk, ms.</param>
/// <param name="MinTotalMs">Fastest chunk, ms.</param>
/// <param name="CpuMsPerChunk">Process CPU time per chunk (all threads), ms: the figure that does not depend on how
/// busy the machine is.</param>
public sealed record SmolVlaBenchResult(int Batch, double PrefixMs, double DenoiseMs, double TotalMs, double MinTotalMs, double CpuMsPerChunk)
{
    /// <summary>Median image preparation + vision tower + connector time (part of <see cref="PrefixMs"/>), ms.</summary>
    public double VisionMs { get; init; }

    /// <summary>Median total per observation, ms.</summary>
    public double PerObservationMs => TotalMs / Batch;
}

/// <summary>
/// Times <see cref="SmolVlaPolicy.Predict"/> on synthetic observations: random [0,1] images of each camera's
/// configured size (so resize-with-pad runs as in production), random state, <c>tokenizer_max_length</c> valid random
/// language tokens (the most a task can occupy) and seeded noise. One untimed warm-up chunk per batch size.
/// </summary>
public static class SmolVlaBenchmark
{
    /// <summary>Measures each batch size in turn.</summary>
    public static IReadOnlyList<SmolVlaBenchResult> Run(SmolVlaPolicy policy, IEnumerable<int> batches, int iterations, CancellationToken cancellationToken)
    {
        var results = new List<SmolVlaBenchResult>();
        foreach (int batch in batches)
        {
            var input = Synthetic(policy, batch);
            policy.Predict(batch, input.State, input.Images, input.Language!, input.Noise);
            var samples = new List<SmolVlaTimings>();
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            for (int i = 0; i < iterations; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                policy.Predict(batch, input.State, input.Images, input.Language!, input.Noise, samples.Add);
            }
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / iterations;
            results.Add(new SmolVlaBenchResult(batch, Median(samples.Select(s => s.PrefixMs)), Median(samples.Select(s => s.DenoiseMs)),
                Median(samples.Select(s => s.TotalMs)), samples.Min(s => s.TotalMs), cpu) { VisionMs = Median(samples.Select(s => s.VisionMs)) });
        }
        return results;
    }

    /// <summary>A synthetic batch (seed 1) with noise; see the class summary.</summary>
    public static (float[] State, List<CameraImages> Images, LanguageTokens Language, float[] Noise) Synthetic(SmolVlaPolicy policy, int batch)
    {
        var config = policy.Config;
        var rng = new Random(1);
        var images = config.Images.Select(i => new CameraImages(
            Enumerable.Range(0, batch * 3 * i.Height * i.Width).Select(_ => (float)rng.NextDouble()).ToArray(), i.Height, i.Width)).ToList();
        var state = Enumerable.Range(0, batch * config.StateDim).Select(_ => (float)rng.NextDouble()).ToArray();
        int length = config.TokenizerMaxLength, vocab = policy.Model.Dimensions.Text.VocabSize;
        var ids = Enumerable.Range(0, batch * length).Select(_ => rng.Next(3, vocab)).ToArray();
        var language = new LanguageTokens(batch, length, ids, Enumerable.Repeat(true, ids.Length).ToArray());
        var noise = GaussianNoise.Create(1, batch * config.ChunkSize * config.MaxActionDim);
        return (state, images, language, noise);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
