using Fleet.Actors.Arm;

namespace Fleet.Actors.Tests.Arm;

/// <summary>
/// The merge rule under random chunk timings: thousands of seeded runs of the whole loop with random latency,
/// reply lengths, lost requests, g, in-flight limits and aggregation. The simulation checks every executed
/// action against an independent model of the merge; these tests add the ordering invariants.
/// </summary>
public class ActionQueuePropertyTests
{
    private static readonly ChunkAggregation[] Aggregations =
        [ChunkAggregation.WeightedAverage, ChunkAggregation.LatestOnly, ChunkAggregation.Average, ChunkAggregation.Conservative, ChunkAggregation.Weighted(0.9f)];

    public static TheoryData<int> SeedBlocks() => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(SeedBlocks))]
    public void Merge_RandomChunkTimings_ExecutesEachTimestepOnceInOrder(int block)
    {
        for (int seed = block * 750; seed < (block + 1) * 750; seed++)
        {
            var rng = new Random(seed);
            int chunk = rng.Next(1, 60);
            var options = new AsyncInferenceOptions(
                G: rng.NextDouble(),
                MaxInFlight: rng.Next(1, 4),
                Aggregation: Aggregations[rng.Next(Aggregations.Length)],
                Deadline: TimeSpan.FromMilliseconds(rng.Next(50, 3000)),
                Mode: rng.Next(5) == 0 ? InferenceMode.Synchronous : InferenceMode.Asynchronous);
            double lossRate = rng.NextDouble() * 0.3;
            int maxLatencyMs = rng.Next(1, 4000);
            var sim = new InferenceLoopSimulation(options, chunk, fps: 30, actionDim: rng.Next(1, 7),
                latencyMicros: _ => rng.NextDouble() < lossRate ? null : rng.Next(0, maxLatencyMs * 1000),
                replyLength: _ => rng.Next(1, 2 * chunk + 1));

            try
            {
                sim.Run(maxTicks: 400);
            }
            catch (InvalidOperationException e)
            {
                Assert.Fail($"seed {seed}: {e.Message}");
            }

            var executed = sim.Executed;
            for (int i = 0; i < executed.Count; i++)
                Assert.True(executed[i] == i, $"seed {seed}: action #{i} had timestep {executed[i]}; timesteps must run 0,1,2,… with no repeat or gap");
            Assert.Equal(400, sim.Queue.ExecutedCount + sim.Queue.StarvationTicks);
            Assert.True(sim.Trigger.InFlight.Count <= options.MaxInFlight, $"seed {seed}: more requests in flight than allowed");
        }
    }

    [Fact]
    public void Trigger_LostRequests_AreAskedAgainAfterTheDeadline()
    {
        int sent = 0;
        var options = new AsyncInferenceOptions(Deadline: TimeSpan.FromMilliseconds(200));
        // Every other request is lost; the others answer in 50 ms.
        var sim = new InferenceLoopSimulation(options, chunkSize: 20, fps: 30, actionDim: 6,
            latencyMicros: _ => sent++ % 2 == 0 ? null : 50_000);
        sim.Run(maxTicks: 600);

        Assert.True(sim.Trigger.TimeoutCount > 0);
        Assert.True(sim.ChunksMerged > 10);
        Assert.True(sim.Queue.ExecutedCount > 300, $"only {sim.Queue.ExecutedCount} actions executed in 600 ticks");
    }
}
