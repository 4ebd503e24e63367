using System.Diagnostics;

namespace Fleet.Benchmarks.Actors;

/// <summary>Timing helpers shared by the actor measurements and their channel baselines.</summary>
internal static class Harness
{
    /// <summary>Starts <paramref name="producers"/> threads that each send their share, and waits for <paramref name="consumed"/>.</summary>
    public static TimeSpan RunProducers(int producers, int messages, Action send, Task consumed)
    {
        var perProducer = messages / producers;
        using var start = new Barrier(producers + 1);
        var threads = Enumerable.Range(0, producers).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perProducer; i++) send();
        })).ToList();
        threads.ForEach(t => t.Start());
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        consumed.Wait();
        var elapsed = clock.Elapsed;
        threads.ForEach(t => t.Join());
        return elapsed;
    }

    /// <summary>Mean microseconds of <paramref name="operation"/> run <paramref name="count"/> times in sequence.</summary>
    public static async Task<double> TimeAsync(int count, Func<Task> operation)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) await operation().ConfigureAwait(false);
        return clock.Elapsed.TotalMicroseconds / count;
    }

    /// <summary>Live heap bytes after a full, compacting collection.</summary>
    public static long HeapBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// The best result of each side over <paramref name="runs"/> runs after one warm-up each. The two sides alternate
    /// run by run, so background load on a shared machine hits both alike and the ratio stays meaningful.
    /// </summary>
    public static (double Actors, double Channel) BestOfAlternating(int runs, Func<double> actors, Func<double> channel, bool higherIsBetter = true)
    {
        actors();
        channel();
        var a = new List<double>();
        var c = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            a.Add(actors());
            c.Add(channel());
        }
        return higherIsBetter ? (a.Max(), c.Max()) : (a.Min(), c.Min());
    }
}
