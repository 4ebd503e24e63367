using System.Diagnostics;
using Fleet.Benchmarks.Cluster;
using Fleet.Policy.SmolVla.Vision;
using Fleet.Policy.Tensors;

namespace Fleet.Benchmarks.Policy;

/// <summary>
/// `-- --smolvla-vision [--batch 1] [--threads 2] [--repeat 5] [--compare]`: times full-size SmolVLA vision encodes and prints,
/// per encode, the median wall time and the process CPU time of all threads (the comparable figure on a shared,
/// loaded machine), plus GFLOP/s of CPU time, and the breakdown of one encode by stage.
/// </summary>
public static class SmolVlaVisionTiming
{
    /// <summary>A smolvla_base-sized encoder with random weights and a batch of random prepared images.</summary>
    public static (SmolVlaVisionEncoder Encoder, float[] Images, float[] Output) Create(int batch)
    {
        var config = SigLipConfig.SmolVlaBase;
        var encoder = SmolVlaVisionEncoder.WithRandomWeights(config, 960, seed: 1);
        var rng = new Random(2);
        var images = new float[batch * 3 * config.ImageSize * config.ImageSize];
        for (int i = 0; i < images.Length; i++) images[i] = rng.NextSingle() * 2 - 1;
        return (encoder, images, new float[batch * encoder.TokensPerImage * 960]);
    }

    /// <summary>Multiply-adds ×2 of one image through the tower and connector (LayerNorm, softmax and GELU not counted).</summary>
    public static double FlopsPerImage(SigLipConfig c, int textHidden)
    {
        double n = c.Patches, d = c.Hidden;
        double layer = 2 * n * d * (4 * d + 2 * c.Intermediate) + 4 * n * n * d;
        return 2 * n * c.PatchValues * d + c.Layers * layer + 2.0 * c.TokensPerImage * c.ShuffledWidth * textHidden;
    }

    public static void Run(string[] args)
    {
        int batch = Option(args, "--batch", 1), threads = Option(args, "--threads", 2), repeat = Option(args, "--repeat", 5);
        var (encoder, images, output) = Create(batch);
        var parallelism = new Parallelism(threads);
        double gflop = FlopsPerImage(encoder.Config, 960) * batch / 1e9;
        Console.WriteLine($"SmolVLA vision, smolvla_base size, batch {batch}, {threads} threads, {gflop:F1} GFLOP per encode; load average {JpegBenchmark.LoadAverage()}");
        encoder.Encode(images, batch, output, parallelism);
        // --compare: images one after another (all threads per GEMM) against side by side, alternating round by round.
        bool[] modes = args.Contains("--compare") ? [false, true] : [encoder.ConcurrentImages];
        var process = Process.GetCurrentProcess();
        var walls = modes.Select(_ => new List<double>()).ToArray();
        var cpus = modes.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < repeat; r++)
            for (int m = 0; m < modes.Length; m++)
            {
                encoder.ConcurrentImages = modes[m];
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                encoder.Encode(images, batch, output, parallelism);
                watch.Stop();
                process.Refresh();
                walls[m].Add(watch.Elapsed.TotalMilliseconds);
                cpus[m].Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
            }
        for (int m = 0; m < modes.Length; m++)
        {
            var wall = walls[m].Order().ToList();
            double cpu = cpus[m].Order().ElementAt(cpus[m].Count / 2);
            Console.WriteLine($"{(modes[m] ? "side by side " : "one by one   ")} wall ms: median {wall[wall.Count / 2]:F0} (min {wall[0]:F0}, max {wall[^1]:F0}); " +
                $"CPU ms per encode: median {cpu:F0}, min {cpus[m].Min():F0} (per image {cpu / batch:F0}); {gflop / (cpu / 1000):F1} GFLOP/s per CPU-second; load average {JpegBenchmark.LoadAverage()}");
        }
    }

    /// <summary>The integer after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/>.</summary>
    internal static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
    }
}
