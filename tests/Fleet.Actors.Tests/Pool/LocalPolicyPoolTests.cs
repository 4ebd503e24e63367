using Fleet.Actors.PolicyPool;
using Fleet.Actors.Tests.Infrastructure;
using Fleet.Actors.Tests.Kernel;
using Fleet.Messages;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;

namespace Fleet.Actors.Tests.Pool;

/// <summary>The local pool with real built-in policies: replies, batching, the bounded queue, deadlines.</summary>
public class LocalPolicyPoolTests
{
    private static Observation ObservationAt(string arm, long timestep) =>
        new(arm, timestep, DateTimeOffset.UtcNow, new float[6], new Dictionary<string, ImageFrame>(), "task");

    private static PredictChunk Request(long id, string arm, long timestep, string policy = "sine", TimeSpan? deadline = null) =>
        new(id, policy, ObservationAt(arm, timestep), DateTimeOffset.UtcNow + (deadline ?? TimeSpan.FromSeconds(10)));

    private static IActorRef StartPool(ActorSystem system, Func<IPolicy> policy, LocalPolicyPoolOptions options) =>
        system.ActorOf(LocalPolicyPool.Props(new Dictionary<string, PolicyRegistration> { ["sine"] = new(policy, options) }), "pool");

    private static readonly Func<IPolicy> Sine = () => new SinusoidPolicy(new SinusoidPolicyOptions(ChunkSize: 10));

    [Fact]
    public async Task Predict_OneRequest_RepliesWithAChunkStampedWithTheObservationTimestep()
    {
        await using var system = ActorSystem.Create("pool-reply");
        var pool = StartPool(system, Sine, new LocalPolicyPoolOptions(Workers: 1));
        var probe = new TestProbe(system);

        probe.Send(pool, Request(7, "arm-1", 42));

        var reply = await probe.ExpectMsgAsync<PredictChunkReply>();
        Assert.Equal((7L, "arm-1", true), (reply.RequestId, reply.ArmId, reply.Succeeded));
        Assert.Equal(42, reply.Chunk!.StartTimestep);
        Assert.Equal((10, 6), (reply.Chunk.Length, reply.Chunk.ActionDim));
        var expected = new SinusoidPolicy(new SinusoidPolicyOptions(ChunkSize: 10)).ValueAt(42 + 3, 0);
        Assert.Equal(expected, reply.Chunk[3].Values.Span[0], 4);
    }

    [Fact]
    public async Task Predict_RequestsArriveTogether_AreBatchedUpToMaxBatch()
    {
        await using var system = ActorSystem.Create("pool-batch");
        var pool = StartPool(system, Sine, new LocalPolicyPoolOptions(Workers: 1, MaxBatch: 4, MaxWait: TimeSpan.FromSeconds(5)));
        var probe = new TestProbe(system);

        for (int i = 0; i < 4; i++) probe.Send(pool, Request(i, $"arm-{i}", i * 100));

        // A full batch leaves at once; waiting out max-wait (5 s) would fail the probe's default wait.
        var replies = new List<PredictChunkReply>();
        for (int i = 0; i < 4; i++) replies.Add(await probe.ExpectMsgAsync<PredictChunkReply>(timeout: TimeSpan.FromSeconds(4)));
        Assert.Equal([0L, 1, 2, 3], replies.Select(r => r.RequestId).Order());
        Assert.All(replies, r => Assert.Equal(r.RequestId * 100, r.Chunk!.StartTimestep));
        var stats = (await pool.Ask<PoolStats>(new GetPoolStats(), TimeSpan.FromSeconds(5))).Policies.Single();
        Assert.Equal((1L, 4L), (stats.Batches, stats.Served));
    }

    [Fact]
    public async Task Predict_QueueFull_RefusesWithAnErrorNamingTheCapacity()
    {
        await using var system = ActorSystem.Create("pool-full");
        var gated = new GatedPolicy(Sine());
        gated.Stall();
        var pool = StartPool(system, () => gated, new LocalPolicyPoolOptions(Workers: 1, QueueCapacity: 2, MaxBatch: 1));
        var probe = new TestProbe(system);

        probe.Send(pool, Request(1, "arm-1", 0));        // taken by the (stalled) worker
        await Await.ConditionAsync(() => gated.Calls == 1, "the worker took the first request");
        probe.Send(pool, Request(2, "arm-2", 0));        // queued
        probe.Send(pool, Request(3, "arm-3", 0));        // queued: the queue is now full
        probe.Send(pool, Request(4, "arm-4", 0));        // refused

        var refused = await probe.ExpectMsgAsync<PredictChunkReply>();
        Assert.Equal(4, refused.RequestId);
        Assert.False(refused.Succeeded);
        Assert.Contains("queue-capacity", refused.Error);
        gated.Resume();
        var served = new[] { await probe.ExpectMsgAsync<PredictChunkReply>(), await probe.ExpectMsgAsync<PredictChunkReply>(), await probe.ExpectMsgAsync<PredictChunkReply>() };
        Assert.Equal([1L, 2, 3], served.Select(r => r.RequestId).Order());
        Assert.Equal(1, (await pool.Ask<PoolStats>(new GetPoolStats(), TimeSpan.FromSeconds(5))).Policies.Single().Rejected);
    }

    [Fact]
    public async Task Predict_DeadlinePassedWhileQueued_IsDroppedUnanswered()
    {
        await using var system = ActorSystem.Create("pool-expired");
        var gated = new GatedPolicy(Sine());
        gated.Stall();
        var pool = StartPool(system, () => gated, new LocalPolicyPoolOptions(Workers: 1, MaxBatch: 1));
        var probe = new TestProbe(system);

        probe.Send(pool, Request(1, "arm-1", 0));
        await Await.ConditionAsync(() => gated.Calls == 1, "the worker took the first request");
        var expiring = Request(2, "arm-2", 0, deadline: TimeSpan.FromMilliseconds(1));
        probe.Send(pool, expiring);
        probe.Send(pool, Request(3, "arm-3", 0));
        await Await.ConditionAsync(() => DateTimeOffset.UtcNow > expiring.Deadline, "request 2's deadline passed");
        gated.Resume();

        var first = await probe.ExpectMsgAsync<PredictChunkReply>();
        var second = await probe.ExpectMsgAsync<PredictChunkReply>();
        Assert.Equal([1L, 3], new[] { first.RequestId, second.RequestId });
        Assert.Equal(1, (await pool.Ask<PoolStats>(new GetPoolStats(), TimeSpan.FromSeconds(5))).Policies.Single().Expired);
    }

    [Fact]
    public async Task Predict_UnknownPolicy_RepliesWithAnErrorListingTheServedPolicies()
    {
        await using var system = ActorSystem.Create("pool-unknown");
        var pool = StartPool(system, Sine, new LocalPolicyPoolOptions(Workers: 1));
        var probe = new TestProbe(system);

        probe.Send(pool, Request(5, "arm-1", 0, policy: "smolvla"));

        var reply = await probe.ExpectMsgAsync<PredictChunkReply>();
        Assert.False(reply.Succeeded);
        Assert.Contains("'smolvla'", reply.Error);
        Assert.Contains("sine", reply.Error);
    }
}
