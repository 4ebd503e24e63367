using Fleet.Messages;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;

namespace Fleet.Policy.Tests.Builtin;

public class BuiltinPolicyTests
{
    private static readonly IReadOnlyDictionary<string, ImageFrame> NoImages = new Dictionary<string, ImageFrame>();

    private static PolicyInput Input(long timestep, params float[] state) => new(state, NoImages, "") { Timestep = timestep };

    [Fact]
    public async Task Hold_RepeatsTheObservedStateForTheWholeChunk()
    {
        using var policy = new HoldPolicy(new HoldPolicyOptions(Joints: 3, ChunkSize: 4));
        var outputs = await policy.PredictAsync([Input(0, 1, 2, 3), Input(9, 4, 5, 6)], CancellationToken.None);
        Assert.Equal(2, outputs.Count);
        Assert.Equal(4, outputs[0].Length);
        Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3 }, outputs[0].Actions.ToArray());
        Assert.Equal(new float[] { 4, 5, 6 }, outputs[1].Actions[..3].ToArray());
    }

    [Fact]
    public async Task Sinusoid_OverlappingChunksAgreeWhereTheyOverlap()
    {
        using var policy = new SinusoidPolicy(new SinusoidPolicyOptions(Joints: 2, ChunkSize: 20, Amplitude: [10, 5], FrequencyHz: [0.5f], PhaseRadians: [0, 1]));
        var a = (await policy.PredictAsync([Input(100, 0, 0)], CancellationToken.None))[0].Actions.ToArray();
        var b = (await policy.PredictAsync([Input(107, 0, 0)], CancellationToken.None))[0].Actions.ToArray();
        // b's action i is timestep 107+i = a's action 7+i.
        for (int i = 0; i < 13; i++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(a[(7 + i) * 2 + j], b[i * 2 + j]);
        Assert.Equal(10 * Math.Sin(2 * Math.PI * 0.5 * 100 / 30), a[0], 4);
        Assert.Equal(5 * Math.Sin(2 * Math.PI * 0.5 * 100 / 30 + 1), a[1], 4);
    }

    [Fact]
    public async Task Sinusoid_ConsecutiveActionsMoveSmoothly()
    {
        using var policy = new SinusoidPolicy(new SinusoidPolicyOptions(Joints: 1, ChunkSize: 50, Amplitude: [10], FrequencyHz: [0.25f]));
        var actions = (await policy.PredictAsync([Input(0, 0)], CancellationToken.None))[0].Actions.ToArray();
        double maxStep = 2 * Math.PI * 0.25 * 10 / 30; // largest slope times one tick
        for (int i = 1; i < actions.Length; i++) Assert.InRange(Math.Abs(actions[i] - actions[i - 1]), 0, maxStep + 1e-4);
    }

    [Fact]
    public async Task TrajectoryReplay_PlaysWaypointsByTimestepThenHoldsTheLast()
    {
        var waypoints = Enumerable.Range(0, 5).Select(i => new float[] { i, -i }).ToList();
        using var policy = new TrajectoryReplayPolicy(new TrajectoryReplayPolicyOptions(waypoints, ChunkSize: 4));
        var actions = (await policy.PredictAsync([Input(3, 0, 0)], CancellationToken.None))[0].Actions.ToArray();
        Assert.Equal(new float[] { 3, -3, 4, -4, 4, -4, 4, -4 }, actions);
    }

    [Fact]
    public async Task TrajectoryReplay_Looping_WrapsAround()
    {
        var waypoints = Enumerable.Range(0, 3).Select(i => new float[] { i }).ToList();
        using var policy = new TrajectoryReplayPolicy(new TrajectoryReplayPolicyOptions(waypoints, ChunkSize: 5, Loop: true));
        var actions = (await policy.PredictAsync([Input(2, 0)], CancellationToken.None))[0].Actions.ToArray();
        Assert.Equal(new float[] { 2, 0, 1, 2, 0 }, actions);
    }

    [Fact]
    public async Task PredictAsync_WrongStateWidth_ThrowsNamingBothWidths()
    {
        using var policy = new HoldPolicy(new HoldPolicyOptions(Joints: 6));
        var ex = await Assert.ThrowsAsync<PolicyInputException>(async () => await policy.PredictAsync([Input(0, 1, 2)], CancellationToken.None));
        Assert.Contains("6 values", ex.Message);
        Assert.Contains("got 2", ex.Message);
    }

    [Fact]
    public async Task PredictAsync_SimulatedLatency_HonoursCancellation()
    {
        using var policy = new HoldPolicy(new HoldPolicyOptions(Joints: 1, SimulatedLatency: TimeSpan.FromMinutes(10)));
        using var cts = new CancellationTokenSource();
        var pending = policy.PredictAsync([Input(0, 1)], cts.Token).AsTask();
        Assert.False(pending.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task PredictAsync_SimulatedLatency_WaitsOnTheGivenClock()
    {
        var clock = new ManualTimeProvider();
        using var policy = new HoldPolicy(new HoldPolicyOptions(Joints: 1, SimulatedLatency: TimeSpan.FromMilliseconds(100)), clock);
        var pending = policy.PredictAsync([Input(0, 7)], CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var outputs = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(7, outputs[0].Actions.Span[0]);
    }

    [Fact]
    public void Sinusoid_PerJointListOfWrongLength_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SinusoidPolicy(new SinusoidPolicyOptions(Joints: 6, Amplitude: [1, 2])));
        Assert.Contains("amplitude has 2 values", ex.Message);
    }
}
