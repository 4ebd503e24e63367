using Fleet.Cluster.Pool;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Pool;

public sealed class InMemoryPoolTests : PoolScenarios
{
    private readonly InMemoryBroker _broker = new();

    protected override Task<ITransport> ConnectAsync(string node) => Task.FromResult<ITransport>(new InMemoryTransport(_broker, node));

    protected override Task KillAsync(ITransport transport)
    {
        ((InMemoryTransport)transport).Kill();
        return Task.CompletedTask;
    }
}

/// <summary>Faults a real network produces, injected between the robot node and the broker.</summary>
public sealed class FaultInjectedPoolTests : IAsyncLifetime
{
    private readonly InMemoryBroker _broker = new();
    private readonly Fleet.Messages.Wire.WireCodec _codec = new(new Fleet.Messages.Wire.WireCodecOptions(Fleet.Messages.Wire.ImageWireEncoding.Raw));
    private Fleet.Actors.ActorSystem _system = null!;
    private FaultInjectingTransport _robot = null!;
    private PolicyWorkerHost _worker = null!;

    public async Task InitializeAsync()
    {
        _system = Fleet.Actors.ActorSystem.Create("faults");
        _worker = new PolicyWorkerHost(new InMemoryTransport(_broker, "gpu"), new Fleet.Policy.Builtin.HoldPolicy(new Fleet.Policy.Builtin.HoldPolicyOptions()), _codec,
            new PolicyWorkerOptions("hold", "gpu/hold-0"));
        await _worker.StartAsync(CancellationToken.None);
        _robot = new FaultInjectingTransport(new InMemoryTransport(_broker, "robot"));
    }

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _system.Terminate();
    }

    private static Fleet.Messages.PredictChunk Request(long id, TimeSpan deadline) =>
        new(id, "hold", new Fleet.Messages.Observation("arm-1", id, DateTimeOffset.UtcNow, new float[6], new Dictionary<string, Fleet.Messages.ImageFrame>(), ""),
            DateTimeOffset.UtcNow + deadline);

    [Fact]
    public async Task SeveredBroker_RequestFailsAtOnceSayingSo_AndWorksAgainWhenRestored()
    {
        var counters = new RemotePoolCounters();
        var pool = _system.ActorOf(RemotePolicyPool.Props(_robot, _codec, new RemotePoolOptions("robot"), counters));
        var probe = new Fleet.Actors.TestProbe(_system);
        probe.Send(pool, Request(1, TimeSpan.FromSeconds(20)));
        Assert.True((await probe.ExpectMsgAsync<Fleet.Messages.PredictChunkReply>()).Succeeded);

        _robot.Sever(true);
        probe.Send(pool, Request(2, TimeSpan.FromSeconds(20)));
        var failed = await probe.ExpectMsgAsync<Fleet.Messages.PredictChunkReply>();
        _robot.Sever(false);
        probe.Send(pool, Request(3, TimeSpan.FromSeconds(20)));
        var again = await probe.ExpectMsgAsync<Fleet.Messages.PredictChunkReply>();

        Assert.Contains("broker is unreachable", failed.Error);
        Assert.Equal((3L, true), (again.RequestId, again.Succeeded));
        Assert.Equal(1, counters.Unavailable);
    }

    [Fact]
    public async Task LostRequest_ExpiresAtItsDeadlineWithoutReply_AndTheArmCanAskAgain()
    {
        var counters = new RemotePoolCounters();
        var pool = _system.ActorOf(RemotePolicyPool.Props(_robot, _codec, new RemotePoolOptions("robot"), counters));
        var probe = new Fleet.Actors.TestProbe(_system);
        _robot.DropWhere((_, m) => m.Manifest == Fleet.Messages.Wire.WireManifests.PredictChunk);

        // Long enough that a loaded machine still publishes it (and the fault drops it) before the deadline passes.
        probe.Send(pool, Request(1, TimeSpan.FromSeconds(1)));
        await Eventually.TrueAsync(() => counters.Expired == 1, "the lost request expires at its deadline");
        _robot.DropWhere(null);
        probe.Send(pool, Request(2, TimeSpan.FromSeconds(20)));

        var reply = await probe.ExpectMsgAsync<Fleet.Messages.PredictChunkReply>();
        Assert.Equal((2L, true), (reply.RequestId, reply.Succeeded)); // nothing for request 1 ever reached the arm
        Assert.Equal(1, _robot.Dropped);
    }
}
