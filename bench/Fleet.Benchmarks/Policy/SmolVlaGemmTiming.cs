using System.Diagnostics;
using Fleet.Benchmarks.Cluster;
using Fleet.Policy.Tensors;

namespace Fleet.Benchmarks.Policy;

/// <summary>
/// `-- --smolvla-gemm [--threads 1,2] [--repeat 7]`: times Fleet's sgemm with a prepacked weight on every Linear shape a
/// full-size SmolVLA chunk runs (vision tower at 1,024 patches, prefill at 113 prefix rows, the expert at 50 rows), each
/// thread count in turn, shapes interleaved round by round. Prints min and median wall time, GFLOP/s on the min wall time
/// and on the median process CPU time (all threads), and how many times the shape runs per 1-camera chunk.
/// </summary>
public static class SmolVlaGemmTiming
{
    private static readonly (string Name, int M, int N, int K, int PerChunk)[] Shapes =
    [
        ("vision q|k|v", 1024, 2304, 768, 12),
        ("vision out_proj", 1024, 768, 768, 12),
        ("vision fc1", 1024, 3072, 768, 12),
        ("vision fc2", 1024, 768, 3072, 12),
        ("prefill q|k|v", 113, 1600, 960, 16),
        ("prefill o_proj", 113, 960, 960, 16),
        ("prefill gate|up", 113, 5120, 960, 16),
        ("prefill down", 113, 960, 2560, 16),
        ("expert self q|k|v", 50, 1600, 720, 80),
        ("expert cross q", 50, 960, 720, 80),
        ("expert o_proj", 50, 720, 960, 160),
        ("expert gate|up", 50, 4096, 720, 160),
        ("expert down", 50, 720, 2048, 160),
    ];

    public static void Run(string[] args)
    {
        int repeat = SmolVlaVisionTiming.Option(args, "--repeat", 7);
        int i = Array.IndexOf(args, "--threads");
        var threadCounts = i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',').Select(int.Parse).ToArray() : [1, 2];
        var data = Shapes.Select(s => Operands(s.M, s.N, s.K)).ToArray();
        var process = Process.GetCurrentProcess();
        foreach (int threads in threadCounts)
        {
            var parallelism = new Parallelism(threads);
            var walls = Shapes.Select(_ => new List<double>()).ToArray();
            var cpus = Shapes.Select(_ => new List<double>()).ToArray();
            for (int r = 0; r < repeat + 1; r++)
                for (int s = 0; s < Shapes.Length; s++)
                {
                    var (_, m, n, k, _) = Shapes[s];
                    var (a, b, c) = data[s];
                    int calls = Math.Max(1, (int)(2e9 / (2.0 * m * n * k))); // ~2 GFLOP per sample
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    for (int call = 0; call < calls; call++)
                        Gemm.Multiply(m, n, k, a, k, false, b, c, n, false, parallelism);
                    watch.Stop();
                    process.Refresh();
                    if (r == 0) continue; // warm-up round
                    walls[s].Add(watch.Elapsed.TotalMilliseconds / calls);
                    cpus[s].Add((process.TotalProcessorTime - cpu0).TotalMilliseconds / calls);
                }
            Console.WriteLine($"{threads} thread(s), {repeat} rounds, load average {JpegBenchmark.LoadAverage()}");
            Console.WriteLine("| shape | m×n×k | per chunk | wall ms min / median | GFLOP/s (min wall) | GFLOP/s per CPU-s (median) |");
            Console.WriteLine("|---|---|---|---|---|---|");
            for (int s = 0; s < Shapes.Length; s++)
            {
                var (name, m, n, k, perChunk) = Shapes[s];
                double gflop = 2.0 * m * n * k / 1e9, min = walls[s].Min(), median = Median(walls[s]), cpu = Median(cpus[s]);
                Console.WriteLine($"| {name} | {m}×{n}×{k} | {perChunk} | {min:F3} / {median:F3} | {gflop / (min / 1000):F0} | {gflop / (cpu / 1000):F0} |");
            }
        }
    }

    private static (float[] A, PackedMatrix B, float[] C) Operands(int m, int n, int k)
    {
        var rng = new Random(m + n + k);
        var a = new float[m * k];
        var w = new float[n * k];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextSingle() - 0.5f;
        for (int i = 0; i < w.Length; i++) w[i] = rng.NextSingle() - 0.5f;
        return (a, PackedMatrix.Pack(w, k, n, k, transpose: true), new float[m * n]);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
