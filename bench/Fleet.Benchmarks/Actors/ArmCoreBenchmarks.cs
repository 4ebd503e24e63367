using BenchmarkDotNet.Attributes;
using Fleet.Actors.Arm;
using Fleet.Messages;

namespace Fleet.Benchmarks.Actors;

/// <summary>
/// Cost of the pure arm-pipeline work per chunk cycle, for the arms-per-node budget: merging a 50-action
/// SO-101 chunk into a half-full queue, then the 25 ticks that pop it down again (trigger poll and metrics
/// included). The queue returns to 25 queued after each invocation, so every invocation does the same work.
/// The baseline is the 25 ticks with a merge that drops the whole (stale) chunk, so the ratio shows what a
/// useful merge adds.
/// </summary>
[MemoryDiagnoser]
public class ArmCoreBenchmarks
{
    private const int Dim = 6, Chunk = 50;
    private readonly float[] _values = Enumerable.Range(0, Chunk * Dim).Select(i => (float)i).ToArray();
    private ActionQueue _queue = null!;
    private InferenceTrigger _trigger = null!;
    private TickMetrics _metrics = null!;
    private long _clock;

    [GlobalSetup]
    public void Setup()
    {
        _queue = new ActionQueue(Dim, ChunkAggregation.WeightedAverage, "bench");
        _trigger = new InferenceTrigger(new AsyncInferenceOptions(), Chunk);
        _metrics = new TickMetrics(1_000_000);
        _queue.Merge(new ActionChunk("bench", 0, _values, Dim, DateTimeOffset.UnixEpoch));
        for (int i = 0; i < Chunk / 2; i++) _queue.TryPop(out _);
    }

    [Benchmark(Baseline = true, Description = "stale chunk + 25 ticks")]
    public long StaleThenTicks()
    {
        // Entirely in the past: every action is dropped. Refill with an inserted tail so the queue stays at 25.
        _queue.Merge(new ActionChunk("bench", 0, _values.AsMemory(0, Dim), Dim, DateTimeOffset.UnixEpoch));
        _queue.Merge(new ActionChunk("bench", _queue.NextTimestep + _queue.Count, _values.AsMemory(0, Chunk / 2 * Dim), Dim, DateTimeOffset.UnixEpoch));
        return RunTicks(Chunk / 2);
    }

    [Benchmark(Description = "merge 50x6 chunk + 25 ticks")]
    public long MergeThenTicks()
    {
        _queue.Merge(new ActionChunk("bench", _queue.NextTimestep, _values, Dim, DateTimeOffset.UnixEpoch));
        return RunTicks(Chunk / 2);
    }

    private long RunTicks(int ticks)
    {
        long sum = 0;
        for (int i = 0; i < ticks; i++)
        {
            if (_queue.TryPop(out var a)) sum += a.Timestep;
            var d = _trigger.Poll(_queue.Count, _queue.NextTimestep, TimeSpan.FromTicks(_clock));
            if (d.Send) sum++;
            _clock += 33_333;
            _metrics.RecordTick(_clock, _clock + 150);
        }
        return sum;
    }
}
