using System.Diagnostics;
using Fleet.Actors.Arm;
using Fleet.Actors.PolicyPool;
using Fleet.Policy.Builtin;

namespace Fleet.Benchmarks.Arm;

/// <summary>
/// Arms per node: for growing N, runs N simulated arms at 30 Hz for a while with a 100 ms policy (sinusoid, chunk 50,
/// g 0.5) and reports the worst arm's p99 tick jitter, the starvation ticks after the first chunk, and the overruns.
/// The largest N with p99 jitter under 2 ms on every arm and zero starvation passes.
/// </summary>
internal static class ArmsPerNode
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = Arg(args, "--seconds", 10);
        var counts = ArgList(args, "--counts", [4, 16, 32, 64, 96, 128]);
        Console.WriteLine($"Arms per node: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                          $"{seconds} s per run, 30 Hz, sinusoid chunk 50 with 100 ms latency, g 0.5, no cameras");
        Console.WriteLine();
        Console.WriteLine("| arms | ticks (all arms) | worst p99 jitter (ms) | worst max jitter (ms) | median p50 jitter (ms) | starvation ticks | overruns | worst p99 tick work (ms) | process CPU (cores) | pass |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        int best = 0;
        foreach (var n in counts)
        {
            var row = await MeasureAsync(n, seconds);
            Console.WriteLine(row.Line);
            if (row.Pass) best = n;
        }
        Console.WriteLine();
        Console.WriteLine($"Largest N passing (p99 jitter < 2 ms on every arm, zero starvation): {best}");
    }

    private static async Task<(string Line, bool Pass)> MeasureAsync(int arms, int seconds)
    {
        await using var rig = await SimulatedArmRig.StartAsync(arms, 50,
            () => new SinusoidPolicy(new SinusoidPolicyOptions(ChunkSize: 50, SimulatedLatency: TimeSpan.FromMilliseconds(100))),
            new AsyncInferenceOptions(G: 0.5, Deadline: TimeSpan.FromSeconds(1)),
            new LocalPolicyPoolOptions(Workers: 4, QueueCapacity: 1024, MaxBatch: 16, MaxWait: TimeSpan.FromMilliseconds(2)));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var status = await rig.StopAsync();
        var cores = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / clock.Elapsed.TotalSeconds;
        var p99 = status.Arms.Max(a => a.Tick.JitterP99.TotalMilliseconds);
        var max = status.Arms.Max(a => a.Tick.JitterMax.TotalMilliseconds);
        var p50 = status.Arms.Select(a => a.Tick.JitterP50.TotalMilliseconds).Order().ElementAt(status.Arms.Count / 2);
        var starvation = status.Arms.Sum(a => a.StarvationTicks);
        var pass = p99 < 2 && starvation == 0 && status.Arms.All(a => a.ChunksReceived > 0);
        return (FormattableString.Invariant(
            $"| {arms} | {status.Arms.Sum(a => a.Ticks)} | {p99:0.00} | {max:0.00} | {p50:0.00} | {starvation} | {status.Arms.Sum(a => a.Tick.Overruns)} | {status.Arms.Max(a => a.Budget?.WorkP99.TotalMilliseconds ?? 0):0.00} | {cores:0.00} | {(pass ? "yes" : "no")} |"), pass);
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    internal static int[] ArgList(string[] args, string name, int[] fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',').Select(int.Parse).ToArray() : fallback;
    }
}
