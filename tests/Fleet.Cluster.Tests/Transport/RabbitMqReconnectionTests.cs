using Fleet.Actors;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Policy.Builtin;

namespace Fleet.Cluster.Tests.Transport;

/// <summary>Broker loss: nodes reconnect with backoff and carry on without a restart (issue 8 §6).</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqReconnectionTests(RabbitMqBroker broker) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly WireCodec _codec = new();
    private readonly string _policy = $"r{Guid.NewGuid():N}"[..10];
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("reconnect");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
        await _system.Terminate();
    }

    private async Task<RabbitMqTransport> ConnectAsync(string node)
    {
        var t = await RabbitMqTransport.ConnectAsync(new RabbitMqOptions(broker.Uri, $"{node}-{_policy}", new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0.2)),
            null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        _cleanup.Add(t);
        return t;
    }

    private async Task<(IActorRef Pool, PolicyWorkerHost Worker, RabbitMqTransport Robot, RabbitMqTransport Gpu)> PoolAsync()
    {
        var gpu = await ConnectAsync("gpu");
        var worker = new PolicyWorkerHost(gpu, new SinusoidPolicy(new SinusoidPolicyOptions(6, 10, 30, null, null, null, null, null)), _codec,
            new PolicyWorkerOptions(_policy, "gpu/sine-0"));
        await worker.StartAsync(CancellationToken.None);
        _cleanup.Add(worker);
        var robot = await ConnectAsync("robot");
        var pool = _system.ActorOf(RemotePolicyPool.Props(robot, _codec, new RemotePoolOptions($"robot-{_policy}")));
        return (pool, worker, robot, gpu);
    }

    private PredictChunk Request(long id) =>
        new(id, _policy, new Observation("arm-1", id, DateTimeOffset.UtcNow, new float[6], new Dictionary<string, ImageFrame>(), ""),
            DateTimeOffset.UtcNow.AddSeconds(5));

    // Sends requests until one comes back with a chunk; error replies (broker away) are expected meanwhile.
    private async Task<PredictChunkReply> ServedEventuallyAsync(IActorRef pool, long firstId)
    {
        var probe = new TestProbe(_system);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var id = firstId; ; id++)
        {
            probe.Send(pool, Request(id));
            try
            {
                var reply = await probe.ExpectMsgAsync<PredictChunkReply>(timeout: TimeSpan.FromSeconds(6));
                if (reply.Succeeded) return reply;
            }
            catch (Exception e) when (e is TimeoutException or ProbeExpectationException && DateTime.UtcNow < deadline)
            {
                // request lost with the connection: its deadline passes and the next one is sent
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no request was served within 60 s after the broker came back");
        }
    }

    [RabbitFact]
    public async Task ConnectionsClosedByTheBroker_NodesReconnectAndServeAgain()
    {
        var (pool, worker, robot, gpu) = await PoolAsync();
        Assert.True((await ServedEventuallyAsync(pool, 1)).Succeeded);

        await broker.CloseAllConnectionsAsync();

        await Eventually.TrueAsync(() => robot.Counters.Reconnects >= 1 && gpu.Counters.Reconnects >= 1, "both nodes reconnected");
        Assert.True(robot.Counters.ConnectionsLost >= 1);
        var reply = await ServedEventuallyAsync(pool, 100);
        Assert.Equal("gpu/sine-0", reply.Worker);
    }

    [RabbitFact]
    public async Task BrokerRestart_NodesReconnectWithoutRestartAndServeAgain()
    {
        var (pool, worker, robot, gpu) = await PoolAsync();
        Assert.True((await ServedEventuallyAsync(pool, 1)).Succeeded);

        await broker.RestartAsync();

        await Eventually.TrueAsync(() => robot.Counters.Reconnects >= 1 && gpu.Counters.Reconnects >= 1, "both nodes reconnected (topology recovered)", TimeSpan.FromSeconds(60));
        Assert.True(robot.IsConnected && gpu.IsConnected);
        Assert.True(robot.Counters.ReconnectFailures >= 1, $"attempts while the broker was down are counted: {robot.Counters}");
        var reply = await ServedEventuallyAsync(pool, 100);
        Assert.True(reply.Succeeded);
        Assert.True(worker.Counters.Served >= 2);
    }
}
