using System.Diagnostics;
using Fleet.Actors.Arm;
using Fleet.Actors.PolicyPool;
using Fleet.Policy.Builtin;

namespace Fleet.Benchmarks.Arm;

/// <summary>
/// Async versus sync on one simulated task: an arm follows a fixed reference trajectory (trajectory_replay, one
/// waypoint per tick) to its end, through the real actors, pool and simulated bus. Time to complete is measured from
/// the start of the fleet to the tick that executes the last waypoint; the ratio is sync / async.
/// </summary>
internal static class AsyncVersusSync
{
    public static async Task RunAsync(string[] args)
    {
        var waypoints = ArmsPerNode.Arg(args, "--waypoints", 180);
        var chunk = ArmsPerNode.Arg(args, "--chunk", 30);
        var latencies = ArmsPerNode.ArgList(args, "--latencies", [100, 300]);
        Console.WriteLine($"Async vs sync: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                          $"{waypoints} waypoints at 30 Hz ({waypoints / 30.0:0.0} s of motion), chunk {chunk}, g 0.5, weighted_average");
        Console.WriteLine();
        Console.WriteLine("| policy latency (ms) | async: time to complete (s) | sync: time to complete (s) | sync / async | async faster by | starved ticks async / sync | overruns async / sync |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var latency in latencies)
        {
            var (asyncTime, asyncStarved, asyncOverruns) = await TimeToCompleteAsync(InferenceMode.Asynchronous, waypoints, chunk, latency);
            var (syncTime, syncStarved, syncOverruns) = await TimeToCompleteAsync(InferenceMode.Synchronous, waypoints, chunk, latency);
            Console.WriteLine(FormattableString.Invariant(
                $"| {latency} | {asyncTime.TotalSeconds:0.00} | {syncTime.TotalSeconds:0.00} | {syncTime / asyncTime:0.00} | {1 - asyncTime / syncTime:P0} | {asyncStarved} / {syncStarved} | {asyncOverruns} / {syncOverruns} |"));
        }
    }

    private static async Task<(TimeSpan Time, long Starved, long Overruns)> TimeToCompleteAsync(InferenceMode mode, int waypoints, int chunk, int latencyMs)
    {
        var trajectory = Enumerable.Range(0, waypoints)
            .Select(i => Enumerable.Range(0, 6).Select(j => (float)(15 * Math.Sin(2 * Math.PI * i / 90.0 + j) + (j == 5 ? 50 : 0))).ToArray())
            .ToList();
        await using var rig = await SimulatedArmRig.StartAsync(1, chunk,
            () => new TrajectoryReplayPolicy(new TrajectoryReplayPolicyOptions(trajectory, chunk, SimulatedLatency: TimeSpan.FromMilliseconds(latencyMs))),
            new AsyncInferenceOptions(G: 0.5, Deadline: TimeSpan.FromSeconds(2), Mode: mode),
            new LocalPolicyPoolOptions(Workers: 1, MaxBatch: 1));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var arm = (await rig.StatusAsync()).Arms.Single();
            if (arm.Executed >= waypoints)
            {
                var elapsed = clock.Elapsed;
                var final = (await rig.StopAsync()).Arms.Single();
                return (elapsed, final.StarvationTicks, final.Tick.Overruns);
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"{mode}: only {arm.Executed} of {waypoints} waypoints in 2 minutes");
            await Task.Delay(5);
        }
    }
}
