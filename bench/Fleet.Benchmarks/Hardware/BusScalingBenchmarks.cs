using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Fleet.Benchmarks.Hardware;

/// <summary>
/// How many simulated SO-101 buses one node drives at 60 Hz (target: 32 with p99 tick jitter under 2 ms on 2 cores).
/// BenchmarkDotNet only hosts the run: the figures that matter (jitter percentiles, overruns, CPU) are printed as a
/// "SCALING:" line in the log and appended to BenchmarkDotNet.Artifacts/hardware-scaling.txt. On a busy machine use
/// <c>--inProcess</c> (BenchmarkDotNet's 2-minute build timeout) with <c>--strategy Monitoring --iterationCount 1 --warmupCount 0 --invocationCount 1 --unrollFactor 1</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class BusScalingBenchmarks
{
    [Params(16, 32, 48, 64)]
    public int Buses { get; set; }

    /// <summary>Run the tick and simulator threads under SCHED_FIFO (needs root or CAP_SYS_NICE).</summary>
    [Params(false, true)]
    public bool Realtime { get; set; }

    [Benchmark]
    public void Drive60HzFor5Seconds()
    {
        var result = BusScaling.Run(Buses, 60, TimeSpan.FromSeconds(5), Realtime);
        var line = $"SCALING: {result}";
        Console.WriteLine(line);
        File.AppendAllText(Path.Combine(FindArtifacts(), "hardware-scaling.txt"), $"{DateTime.UtcNow:O} {line}{Environment.NewLine}");
    }

    private static string FindArtifacts()
    {
        // BenchmarkDotNet runs the benchmark in a child process under BenchmarkDotNet.Artifacts/bin/...; walk up to it.
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (dir.Name == "BenchmarkDotNet.Artifacts") return dir.FullName;
        return Environment.CurrentDirectory;
    }
}
