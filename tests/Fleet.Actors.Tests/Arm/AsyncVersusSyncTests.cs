using Fleet.Actors.Arm;
using Fleet.Messages;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;
using Xunit.Abstractions;

namespace Fleet.Actors.Tests.Arm;

/// <summary>
/// The reference task of issue 4's comparison: follow a fixed trajectory (a real <see cref="TrajectoryReplayPolicy"/>)
/// to its last waypoint, on a virtual 30 Hz clock, with a fixed policy latency, in synchronous and asynchronous
/// mode. Every executed action must equal the trajectory's waypoint for its timestep (timesteps line up end to
/// end, whatever the mode, latency or aggregation), and async must finish sooner.
/// </summary>
public class AsyncVersusSyncTests(ITestOutputHelper output)
{
    private const double Fps = 30;
    private const int Waypoints = 600;   // 20 s of motion
    private const int ChunkSize = 50;

    private static readonly TrajectoryReplayPolicy Policy = new(new TrajectoryReplayPolicyOptions(
        Enumerable.Range(0, Waypoints).Select(t => new[] { (float)Math.Sin(t / 20.0) * 30, t * 0.1f }).ToList(), ChunkSize));

    [Theory]
    [InlineData(InferenceMode.Synchronous, "weighted_average")]
    [InlineData(InferenceMode.Asynchronous, "weighted_average")]
    [InlineData(InferenceMode.Asynchronous, "conservative")]
    public void Every_executed_action_is_the_waypoint_of_its_timestep(InferenceMode mode, string aggregation)
    {
        foreach (var latencyMs in new[] { 0, 33, 100, 400, 1200 })
        {
            var run = RunToCompletion(new AsyncInferenceOptions(Mode: mode, Aggregation: ChunkAggregation.Parse(aggregation)), latencyMs);
            Assert.Equal(Waypoints, run.Executed.Count);
            for (int t = 0; t < Waypoints; t++)
            {
                Assert.Equal(t, run.Executed[t].Timestep);
                var got = run.Executed[t].Values.Span;
                var want = Policy.WaypointAt(t);
                for (int j = 0; j < want.Length; j++)
                    Assert.True(Math.Abs(got[j] - want[j]) <= 1e-4f * Math.Max(1, Math.Abs(want[j])), // blending equal values rounds
                        $"{mode}, {latencyMs} ms: timestep {t} joint {j} executed {got[j]}, waypoint {want[j]}");
            }
        }
    }

    [Fact]
    public void Async_finishes_the_reference_task_sooner_than_sync()
    {
        output.WriteLine("latency_ms  sync_s  async_s  async/sync  sync_starved  async_starved");
        // Up to one tick of latency is hidden in both modes (the reply lands before the next pop), so start at 100 ms.
        foreach (var latencyMs in new[] { 100, 200, 400, 800 })
        {
            var sync = RunToCompletion(new AsyncInferenceOptions(Mode: InferenceMode.Synchronous), latencyMs);
            var async = RunToCompletion(new AsyncInferenceOptions(), latencyMs);
            output.WriteLine($"{latencyMs,10}  {sync.Seconds,6:0.00}  {async.Seconds,7:0.00}  {async.Seconds / sync.Seconds,10:0.000}  {sync.Starved,12}  {async.Starved,13}");
            Assert.True(async.Seconds < sync.Seconds, $"{latencyMs} ms: async {async.Seconds:0.00} s, sync {sync.Seconds:0.00} s");
        }
    }

    private sealed record Run(List<TimedAction> Executed, double Seconds, long Starved);

    private static Run RunToCompletion(AsyncInferenceOptions options, int latencyMs)
    {
        var queue = new ActionQueue(Policy.Descriptor.ActionDim, options.EffectiveAggregation, "ref-arm");
        var trigger = new InferenceTrigger(options, ChunkSize);
        var pending = new List<(long DueTick, ActionChunk Chunk)>();
        var executed = new List<TimedAction>();
        long latencyTicks = (long)Math.Ceiling(latencyMs / 1000.0 * Fps);
        for (long tick = 0; tick < 100_000; tick++)
        {
            foreach (var (_, chunk) in pending.Where(p => p.DueTick <= tick).ToList())
                if (trigger.OnReply(chunk.StartTimestep) == ReplyVerdict.Merge) queue.Merge(chunk);
            pending.RemoveAll(p => p.DueTick <= tick);

            if (queue.TryPop(out var action))
            {
                executed.Add(action);
                if (action.Timestep == Waypoints - 1) return new Run(executed, (tick + 1) / Fps, queue.StarvationTicks);
            }

            var now = TimeSpan.FromSeconds(tick / Fps);
            long next = queue.NextTimestep;
            var decision = trigger.Poll(queue.Count, next, now);
            if (!decision.Send) continue;
            trigger.Register(next, decision.MustGo, now);
            var input = new PolicyInput(new float[2], new Dictionary<string, ImageFrame>(), "") { Timestep = next };
            var reply = Policy.PredictAsync([input], CancellationToken.None).AsTask().GetAwaiter().GetResult()[0];
            // A reply computed now is usable from the tick after the latency has passed (never the same tick).
            pending.Add((tick + Math.Max(1, latencyTicks), new ActionChunk("ref-arm", next, reply.Actions, reply.ActionDim, DateTimeOffset.UnixEpoch)));
        }
        throw new InvalidOperationException("The reference task did not finish in 100 000 ticks.");
    }
}
