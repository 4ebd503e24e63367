using System.Diagnostics;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;

namespace Fleet.Benchmarks.Hardware;

/// <summary>Outcome of driving many simulated buses at a fixed rate.</summary>
public sealed record BusScalingResult(int Buses, double Hz, bool Realtime, long Ticks, double P50JitterMs, double P99JitterMs, double MaxJitterMs,
    double P99CycleMs, long Overruns, long Failures, double CpuPercent)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Buses} buses @ {Hz} Hz{(Realtime ? " (SCHED_FIFO)" : "")}: {Ticks} ticks, jitter p50 {P50JitterMs:F3} ms, p99 {P99JitterMs:F3} ms, max {MaxJitterMs:F3} ms; " +
        $"cycle p99 {P99CycleMs:F3} ms; overruns {Overruns}; bus failures {Failures}; process CPU {CpuPercent:F0}% of one core";
}

/// <summary>
/// The node's servo side under load: N simulated arms (one shared simulator thread, realistic wire timing), each
/// driven by its own tick thread doing SYNC_READ + SYNC_WRITE every 1/Hz at absolute deadlines, as the servo actor
/// does. Jitter = how late each tick started against its schedule.
/// </summary>
public static class BusScaling
{
    /// <summary>
    /// Runs the experiment for <paramref name="duration"/> after a one-second warm-up. With <paramref name="realtime"/>
    /// the simulator and tick threads run under SCHED_FIFO, as a dedicated robot node would run its servo ticks.
    /// </summary>
    public static BusScalingResult Run(int buses, double hz, TimeSpan duration, bool realtime = false)
    {
        var rt = realtime && RealtimeScheduling.TryEnable();
        try { return RunInherited(buses, hz, duration, rt); }
        finally { if (rt) RealtimeScheduling.Disable(); }
    }

    private static BusScalingResult RunInherited(int buses, double hz, TimeSpan duration, bool realtime)
    {
        using var host = new ServoBusHost();
        var arms = Enumerable.Range(0, buses).Select(_ => new SimulatedArmBus(host, new SimulatedArmOptions())).ToList();
        var clients = arms.Select(a => FeetechBus.Open(a.PortPath)).ToList();
        var period = (long)(Stopwatch.Frequency / hz);
        var warmup = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        var end = warmup + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var jitters = new List<double>[buses];
        var cycles = new List<double>[buses];
        var overruns = new long[buses];
        var failures = new long[buses];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var threads = Enumerable.Range(0, buses).Select(i => new Thread(() =>
        {
            (jitters[i], cycles[i]) = ([], []);
            Drive(clients[i], warmup - Stopwatch.Frequency / 2 + i * period / buses, period, warmup, end, jitters[i], cycles[i], ref overruns[i], ref failures[i]);
        }) { IsBackground = true, Name = $"tick-{i}" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / ((end - warmup + Stopwatch.Frequency / 2) / (double)Stopwatch.Frequency) * 100;
        clients.ForEach(c => c.Dispose());
        arms.ForEach(a => a.Dispose());
        var all = jitters.SelectMany(j => j).Order().ToArray();
        var allCycles = cycles.SelectMany(c => c).Order().ToArray();
        return new BusScalingResult(buses, hz, realtime, all.Length, Percentile(all, 0.50), Percentile(all, 0.99), all.Length > 0 ? all[^1] : 0,
            Percentile(allCycles, 0.99), overruns.Sum(), failures.Sum(), cpu);
    }

    private static void Drive(FeetechBus bus, long first, long period, long measureFrom, long end, List<double> jitter, List<double> cycle, ref long overruns, ref long failures)
    {
        var ids = So101Motor.Ids();
        var positions = new int[6];
        var goals = new int[] { 2047, 2047, 2047, 2047, 2047, 2047 };
        for (var due = first; due < end; due += period)
        {
            PreciseSleep.Until(due);
            var start = Stopwatch.GetTimestamp();
            try
            {
                bus.SyncReadAsync(ControlTable.PresentPosition, ids, positions, CancellationToken.None).GetAwaiter().GetResult();
                bus.SyncWriteAsync(ControlTable.GoalPosition, ids, goals, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (FeetechCommunicationException) { failures++; }
            var finish = Stopwatch.GetTimestamp();
            if (due < measureFrom) continue;
            jitter.Add((start - due) * 1000.0 / Stopwatch.Frequency);
            cycle.Add((finish - start) * 1000.0 / Stopwatch.Frequency);
            if (finish > due + period) overruns++;
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
