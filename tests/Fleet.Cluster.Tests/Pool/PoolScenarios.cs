using System.Diagnostics;
using Fleet.Actors;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Policy.Builtin;

namespace Fleet.Cluster.Tests.Pool;

/// <summary>
/// The remote pool end to end: robot-side actor → transport → policy worker → reply. Run on the in-memory broker and
/// on a real RabbitMQ (virtual tests, re-attributed there so they skip visibly without rabbitmq-server).
/// </summary>
public abstract class PoolScenarios : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];
    protected readonly WireCodec Codec = new(new WireCodecOptions(ImageWireEncoding.Raw));
    protected ActorSystem System = null!;

    /// <summary>Opens a new connection (a node).</summary>
    protected abstract Task<ITransport> ConnectAsync(string node);

    /// <summary>Drops a connection abruptly, as kill -9 of its process would.</summary>
    protected abstract Task KillAsync(ITransport transport);

    protected string Policy { get; } = $"p{Guid.NewGuid():N}"[..12];

    public Task InitializeAsync()
    {
        System = ActorSystem.Create("pool-test");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
        await System.Terminate();
    }

    protected async Task<ITransport> NodeAsync(string node)
    {
        var t = await ConnectAsync($"{node}-{Policy}");
        _cleanup.Add(t);
        return t;
    }

    protected static SinusoidPolicy Sinusoid() => new(new SinusoidPolicyOptions(6, 10, 30, null, null, null, null, null));

    protected async Task<PolicyWorkerHost> WorkerAsync(string name, Fleet.Policy.Abstractions.IPolicy policy, int maxBatch = 4, TimeSpan? maxWait = null, ITransport? transport = null,
        TimeSpan? leaveTimeout = null)
    {
        transport ??= await NodeAsync(name);
        var options = new PolicyWorkerOptions(Policy, name, maxBatch, maxWait ?? TimeSpan.FromMilliseconds(2)) { LeaveTimeout = leaveTimeout };
        var host = new PolicyWorkerHost(transport, policy, Codec, options);
        await host.StartAsync(CancellationToken.None);
        _cleanup.Add(host);
        return host;
    }

    protected async Task<(IActorRef Pool, RemotePoolCounters Counters)> RobotAsync(int maxQueueLength = 256)
    {
        var transport = await NodeAsync("robot");
        var counters = new RemotePoolCounters();
        var pool = System.ActorOf(RemotePolicyPool.Props(transport, Codec, new RemotePoolOptions($"robot-{Policy}", MaxQueueLength: maxQueueLength), counters), "remote-pool");
        return (pool, counters);
    }

    protected PredictChunk Request(string arm, long requestId, long timestep, TimeSpan? deadline = null) =>
        new(requestId, Policy, new Observation(arm, timestep, DateTimeOffset.UtcNow, new float[] { 1, 2, 3, 4, 5, 6 },
            new Dictionary<string, ImageFrame>(), ""), DateTimeOffset.UtcNow + (deadline ?? TimeSpan.FromSeconds(20)));

    [Fact]
    public virtual async Task Request_ThroughAWorker_ReturnsThePolicysChunk()
    {
        var policy = Sinusoid();
        await WorkerAsync("w1", policy);
        var (pool, counters) = await RobotAsync();
        var probe = new TestProbe(System);

        probe.Send(pool, Request("arm-1", 1, timestep: 40));

        var reply = await probe.ExpectMsgAsync<PredictChunkReply>();
        Assert.True(reply.Succeeded, reply.Error);
        Assert.Equal((1L, "arm-1", "w1", 40L), (reply.RequestId, reply.ArmId, reply.Worker, reply.Chunk!.StartTimestep));
        Assert.Equal(10, reply.Chunk.Length);
        for (var j = 0; j < 6; j++) Assert.Equal(policy.ValueAt(43, j), reply.Chunk[3].Values.Span[j]);
        Assert.Equal(1, counters.Answered);
    }

    [Fact]
    public virtual async Task SecondRequestOfAnArm_WhileOneIsInFlight_IsRefused()
    {
        var stalled = new StallingPolicy(Sinusoid());
        await WorkerAsync("w1", stalled);
        var (pool, counters) = await RobotAsync();
        var probe = new TestProbe(System);

        probe.Send(pool, Request("arm-1", 1, 0));
        await Eventually.TrueAsync(() => stalled.Entered == 1, "the worker runs request 1");
        probe.Send(pool, Request("arm-1", 2, 0));

        var refused = await probe.ExpectMsgAsync<PredictChunkReply>();
        Assert.Equal(2, refused.RequestId);
        Assert.Contains("already has request 1 in flight", refused.Error);
        stalled.Release();
        var served = await probe.ExpectMsgAsync<PredictChunkReply>();
        Assert.Equal((1L, true), (served.RequestId, served.Succeeded));
        Assert.Equal(1, counters.RefusedInFlight);
    }

    [Fact]
    public virtual async Task WorkerKilledMidBatch_ItsRequestsAreServedByTheOtherWithinOneSecond()
    {
        var stalled = new StallingPolicy(Sinusoid());
        var doomedTransport = await NodeAsync("doomed");
        var doomed = await WorkerAsync("doomed", stalled, maxBatch: 8, transport: doomedTransport);
        var (pool, _) = await RobotAsync();
        var probe = new TestProbe(System);
        const int arms = 6;
        for (var a = 0; a < arms; a++) probe.Send(pool, Request($"arm-{a}", 1, 0));
        await Eventually.TrueAsync(() => doomed.Load * 8 >= arms, "the doomed worker holds every request, unacknowledged");
        var survivor = await WorkerAsync("survivor", Sinusoid(), maxBatch: 8);

        var clock = Stopwatch.StartNew();
        await KillAsync(doomedTransport);
        var replies = new List<PredictChunkReply>();
        for (var a = 0; a < arms; a++) replies.Add(await probe.ExpectMsgAsync<PredictChunkReply>());
        var failover = clock.Elapsed;

        Assert.All(replies, r => Assert.True(r.Succeeded && r.Worker == "survivor", $"{r.ArmId}: {r.Worker} {r.Error}"));
        Assert.Equal(Enumerable.Range(0, arms).Select(a => $"arm-{a}"), replies.Select(r => r.ArmId).Order());
        Assert.Equal(arms, survivor.Counters.Redelivered);
        // Issue 8 §7: every request of a dead worker is served by another within 1 s.
        Assert.True(failover < TimeSpan.FromSeconds(1), $"failover took {failover.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public virtual async Task WaitingRequests_AreBatchedUpToMaxBatch()
    {
        var stalled = new StallingPolicy(Sinusoid());
        var worker = await WorkerAsync("w1", stalled, maxBatch: 4, maxWait: TimeSpan.Zero);
        var (pool, _) = await RobotAsync();
        var probe = new TestProbe(System);

        probe.Send(pool, Request("arm-0", 1, 0));
        await Eventually.TrueAsync(() => stalled.Entered == 1, "the first request runs alone");
        for (var a = 1; a <= 3; a++) probe.Send(pool, Request($"arm-{a}", 1, 0));
        await Eventually.TrueAsync(() => worker.Load >= 1.0, "three more wait in the worker's prefetch window");
        stalled.Release();
        for (var a = 0; a < 4; a++) Assert.True((await probe.ExpectMsgAsync<PredictChunkReply>()).Succeeded);

        Assert.Equal([1, 3], stalled.BatchSizes);
        Assert.Equal((4L, 2L), (worker.Counters.Served, worker.Counters.Batches));
    }

    [Fact]
    public virtual async Task ReplyAfterTheDeadline_IsDiscarded()
    {
        var stalled = new StallingPolicy(Sinusoid());
        var worker = await WorkerAsync("w1", stalled);
        var (pool, counters) = await RobotAsync();
        var probe = new TestProbe(System);

        probe.Send(pool, Request("arm-1", 1, 0, deadline: TimeSpan.FromMilliseconds(300)));
        await Eventually.TrueAsync(() => stalled.Entered == 1, "the worker runs it");
        await Eventually.TrueAsync(() => counters.Expired == 1, "the pool gives up at the deadline");
        stalled.Release();
        await Eventually.TrueAsync(() => counters.LateDiscarded == 1, "the late reply is discarded");

        Assert.False(probe.TryReceive(out var unexpected), $"the arm got {unexpected}");
        Assert.Equal(1, worker.Counters.Served);
    }

    [Fact]
    public virtual async Task FullRequestQueue_FailsTheRequestAsOverloaded()
    {
        var (pool, counters) = await RobotAsync(maxQueueLength: 1);
        var probe = new TestProbe(System);

        probe.Send(pool, Request("arm-1", 1, 0));
        await Eventually.TrueAsync(() => counters.Sent == 1, "the first request waits in the queue (no worker yet)");
        probe.Send(pool, Request("arm-2", 1, 0));

        var reply = await probe.ExpectMsgAsync<PredictChunkReply>();
        Assert.Equal("arm-2", reply.ArmId);
        Assert.Contains("overloaded", reply.Error);
        Assert.Equal(1, counters.Overloaded);
    }

    [Fact]
    public virtual async Task MalformedMessages_AreDeadLetteredCountedAndTheWorkerCarriesOn()
    {
        var worker = await WorkerAsync("w1", Sinusoid());
        var (pool, _) = await RobotAsync();
        var attacker = await NodeAsync("attacker");
        var queue = Destination.Queue(Topology.RequestQueue(Policy));
        var reply = Topology.ReplyQueue("nobody");
        var otherPolicy = Codec.Encode(Request("arm-x", 1, 0) with { Policy = "someone-else" });
        var poison = new[]
        {
            new Fleet.Cluster.Transport.TransportMessage("predict-chunk.v1", new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0x7F }, reply, $"{Policy}-garbage"),
            new Fleet.Cluster.Transport.TransportMessage("python.pickle", new byte[] { 0x80, 0x04, 0x95 }, reply, $"{Policy}-pickle"),
            new Fleet.Cluster.Transport.TransportMessage(otherPolicy.Manifest, otherPolicy.Body, reply, $"{Policy}-wrong-policy"),
        };
        foreach (var m in poison) Assert.Equal(PublishOutcome.Accepted, await attacker.PublishAsync(queue, m, CancellationToken.None));
        var probe = new TestProbe(System);
        probe.Send(pool, Request("arm-1", 1, 0));

        Assert.True((await probe.ExpectMsgAsync<PredictChunkReply>()).Succeeded);
        await Eventually.TrueAsync(() => worker.Counters.DeadLettered == 3, "three messages dead-lettered");
        var parked = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await using var dlq = await attacker.ConsumeAsync(Topology.DeadLetterQueue, 50, async (d, ct) =>
        {
            if (d.Message.CorrelationId?.StartsWith(Policy, StringComparison.Ordinal) == true)
                parked[d.Message.CorrelationId] = d.Message.Headers?[Topology.DeadLetterReasonHeader] ?? "";
            await d.AckAsync(ct);
        }, CancellationToken.None);
        await Eventually.TrueAsync(() => parked.Count == 3, "all three parked in the dead-letter queue");
        Assert.Contains("not valid protobuf", parked[$"{Policy}-garbage"]);
        Assert.Contains("unknown manifest", parked[$"{Policy}-pickle"]);
        Assert.Contains("someone-else", parked[$"{Policy}-wrong-policy"]);
    }

    [Fact]
    public virtual async Task LeavingWorker_FinishesItsBatchWhileNewRequestsGoToOthers()
    {
        var stalled = new StallingPolicy(Sinusoid());
        var leaving = await WorkerAsync("leaving", stalled);
        var (pool, _) = await RobotAsync();
        var probe = new TestProbe(System);
        probe.Send(pool, Request("arm-1", 1, 0));
        await Eventually.TrueAsync(() => stalled.Entered == 1, "the leaving worker runs arm-1's request");
        await WorkerAsync("stays", Sinusoid());

        var leave = leaving.LeaveAsync(CancellationToken.None);
        probe.Send(pool, Request("arm-2", 1, 0));
        var second = await probe.ExpectMsgAsync<PredictChunkReply>();
        stalled.Release();
        var first = await probe.ExpectMsgAsync<PredictChunkReply>();
        await leave.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(("arm-2", "stays"), (second.ArmId, second.Worker));
        Assert.Equal(("arm-1", "leaving", true), (first.ArmId, first.Worker, first.Succeeded));
    }

    [Fact]
    public virtual async Task LeavingWorker_WhoseBatchOutlastsTheLeaveTimeout_AbandonsItToAnotherWorker()
    {
        var stalled = new StallingPolicy(Sinusoid());
        var leaving = await WorkerAsync("leaving", stalled, leaveTimeout: TimeSpan.FromMilliseconds(300));
        var (pool, _) = await RobotAsync();
        var probe = new TestProbe(System);
        probe.Send(pool, Request("arm-1", 1, 0));
        await Eventually.TrueAsync(() => stalled.Entered == 1, "the leaving worker runs arm-1's request");
        await WorkerAsync("stays", Sinusoid());

        var finished = await leaving.LeaveAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        var reply = await probe.ExpectMsgAsync<PredictChunkReply>();

        Assert.False(finished);
        Assert.Equal(("arm-1", "stays", true), (reply.ArmId, reply.Worker, reply.Succeeded));
    }
}
