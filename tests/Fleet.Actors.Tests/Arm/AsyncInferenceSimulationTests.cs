using Fleet.Actors.Arm;

namespace Fleet.Actors.Tests.Arm;

/// <summary>
/// The claim of SmolVLA Algorithm 1 (issue 4): the queue never runs dry when the policy answers within
/// (1 - g)·chunk / fps. Simulated with a virtual clock; the first chunk's wait (nothing queued yet) is excluded.
/// The claim holds for g &gt;= 0.5. Below that the send happens with only g·chunk actions left, so the bound is
/// min(g, 1 - g)·chunk / fps; the last test shows the (1 - g) form starving at g = 0.2.
/// </summary>
public class AsyncInferenceSimulationTests
{
    private const double Fps = 30;

    private static double BoundMicros(double g, int chunk) => Math.Min(g, 1 - g) * chunk / Fps * 1_000_000;

    [Theory]
    [InlineData(0.5, 50)]
    [InlineData(0.7, 50)]
    [InlineData(0.5, 10)]
    [InlineData(0.9, 100)]
    [InlineData(0.2, 100)]
    public void Async_LatencyBelowTheBound_NeverStarves(double g, int chunk)
    {
        double bound = BoundMicros(g, chunk);
        for (int seed = 0; seed < 50; seed++)
        {
            var rng = new Random(seed);
            var sim = new InferenceLoopSimulation(new AsyncInferenceOptions(G: g), chunk, Fps, actionDim: 6,
                latencyMicros: _ => (long)(rng.NextDouble() * 0.999 * bound));
            sim.Run(maxTicks: 1500);

            Assert.True(sim.FirstChunkArrived);
            Assert.Equal(0, sim.StarvationAfterFirstChunk);
        }
    }

    [Fact]
    public void Async_LatencyAboveTheBound_Starves()
    {
        // Shows the test above can fail: 20% over the bound leaves the queue empty on some ticks.
        double bound = BoundMicros(0.5, 50);
        var sim = new InferenceLoopSimulation(new AsyncInferenceOptions(G: 0.5), 50, Fps, actionDim: 6,
            latencyMicros: _ => (long)(1.2 * bound));
        sim.Run(maxTicks: 1500);
        Assert.True(sim.StarvationAfterFirstChunk > 0);
    }

    [Fact]
    public void Sync_WaitsForEveryChunk_AndExecutesEachOneWhole()
    {
        var options = new AsyncInferenceOptions(Mode: InferenceMode.Synchronous);
        var sim = new InferenceLoopSimulation(options, 30, Fps, actionDim: 6, latencyMicros: _ => 100_000);
        sim.Run(maxTicks: 1000);

        Assert.True(sim.Queue.StarvationTicks > 0);
        Assert.Equal(0, sim.Queue.DroppedPastCount);       // nothing passes while it waits
        Assert.Equal(sim.Trigger.SentCount, sim.Trigger.MustGoCount);

        var async = new InferenceLoopSimulation(new AsyncInferenceOptions(), 30, Fps, actionDim: 6, latencyMicros: _ => 100_000);
        async.Run(maxTicks: 1000);
        Assert.True(async.Queue.ExecutedCount > sim.Queue.ExecutedCount,
            $"async executed {async.Queue.ExecutedCount} actions, sync {sim.Queue.ExecutedCount}");
    }

    [Fact]
    public void Async_BelowHalf_OneMinusGBoundIsNotEnough()
    {
        // g = 0.2, chunk 100: the request leaves with 20 actions queued, so 0.9·(1-g)·chunk/fps = 72 ticks starves.
        var sim = new InferenceLoopSimulation(new AsyncInferenceOptions(G: 0.2, Deadline: TimeSpan.FromSeconds(10)), 100, Fps,
            actionDim: 6, latencyMicros: _ => (long)(0.9 * 0.8 * 100 / Fps * 1_000_000));
        sim.Run(maxTicks: 1500);
        Assert.True(sim.StarvationAfterFirstChunk > 0);
    }
}
