using System.Collections.Concurrent;
using Fleet.Actors;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Xunit.Abstractions;

namespace Fleet.Cluster.Tests.Pool;

/// <summary>
/// Issue 8 §7 with separate processes: two policy nodes (<c>fleet policy-node</c>), two robot nodes; kill -9 one policy
/// node mid-run; no arm starves and every request is served by the other node within 1 s.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class PolicyNodeFailoverTests(RabbitMqBroker broker, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly List<PolicyNodeProcess> _processes = [];
    private readonly string _policy = $"f{Guid.NewGuid():N}"[..10];
    private readonly WireCodec _codec = new();
    private ActorSystem _system = null!;

    private sealed record Served(string Arm, DateTime SentAt, DateTime RepliedAt, string Worker);

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("failover");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var p in _processes) p.Dispose();
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
        await _system.Terminate();
    }

    private async Task<ITransport> ConnectAsync(string node)
    {
        var t = await RabbitMqTransport.ConnectAsync(new RabbitMqOptions(broker.Uri, node), null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        _cleanup.Add(t);
        return t;
    }

    [RabbitFact]
    public async Task PolicyNodeKilledHard_EveryRequestIsServedByTheOtherNodeWithinOneSecond()
    {
        Assert.True(File.Exists(PolicyNodeProcess.FleetDll), $"build Fleet.Node first: {PolicyNodeProcess.FleetDll}");
        string gpuA = $"gpu-a-{_policy}", gpuB = $"gpu-b-{_policy}";
        foreach (var gpu in new[] { gpuA, gpuB })
            _processes.Add(PolicyNodeProcess.Start(broker.Uri, gpu, _policy, "--type", "hold", "--option", "simulated-latency=30ms"));
        var observer = new ClusterNode(await ConnectAsync($"observer-{_policy}"), _codec, new ClusterNodeOptions($"observer-{_policy}", ["robot"]));
        await observer.StartAsync(CancellationToken.None);
        _cleanup.Add(observer);
        await Eventually.TrueAsync(() => observer.Membership.StatusOf(gpuA) == MemberStatus.Up && observer.Membership.StatusOf(gpuB) == MemberStatus.Up,
            $"both policy nodes Up. Logs:\n{_processes[0].Log}\n{_processes[1].Log}", TimeSpan.FromSeconds(90));

        var served = new ConcurrentQueue<Served>();
        using var stop = new CancellationTokenSource();
        var loops = new List<Task>();
        foreach (var robot in new[] { "robot-1", "robot-2" })
        {
            var pool = _system.ActorOf(RemotePolicyPool.Props(await ConnectAsync($"{robot}-{_policy}"), _codec, new RemotePoolOptions($"{robot}-{_policy}")));
            for (var a = 0; a < 3; a++) loops.Add(ArmLoopAsync(pool, $"{robot}/arm-{a}", served, stop.Token));
        }
        await Eventually.TrueAsync(() => served.Count(s => s.Worker.StartsWith(gpuA)) >= 5 && served.Count(s => s.Worker.StartsWith(gpuB)) >= 5,
            "both policy nodes serve", TimeSpan.FromSeconds(60));

        _processes[0].KillHard();
        var killedAt = DateTime.UtcNow;
        await Eventually.TrueAsync(() => served.Count(s => s.SentAt > killedAt) >= 30, "30 more requests served after the kill", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(loops); // each loop throws if any request of its arm failed or went unanswered

        var inFlightAtKill = served.Where(s => s.SentAt <= killedAt && s.RepliedAt > killedAt).ToList();
        output.WriteLine($"served {served.Count} ({served.Count(s => s.Worker.StartsWith(gpuA))} by {gpuA}); in flight at the kill: {inFlightAtKill.Count}, " +
            $"slowest of those answered {(inFlightAtKill.Count == 0 ? 0 : inFlightAtKill.Max(s => (s.RepliedAt - killedAt).TotalMilliseconds)):F0} ms after the kill");
        var late = inFlightAtKill.Where(s => s.RepliedAt - killedAt > TimeSpan.FromSeconds(1)).ToList();
        Assert.True(late.Count == 0, $"served more than 1 s after the kill: {string.Join(", ", late.Select(s => $"{s.Arm} {(s.RepliedAt - killedAt).TotalMilliseconds:F0} ms"))}");
        Assert.All(served.Where(s => s.SentAt > killedAt), s => Assert.StartsWith(gpuB, s.Worker));
        Assert.Equal(6, served.Select(s => s.Arm).Distinct().Count()); // no arm starved
    }

    private async Task ArmLoopAsync(IActorRef pool, string arm, ConcurrentQueue<Served> served, CancellationToken stop)
    {
        var probe = new TestProbe(_system);
        for (long id = 1; !stop.IsCancellationRequested; id++)
        {
            var sentAt = DateTime.UtcNow;
            probe.Send(pool, new PredictChunk(id, _policy, new Observation(arm, id, DateTimeOffset.UtcNow, new float[6], new Dictionary<string, ImageFrame>(), ""),
                DateTimeOffset.UtcNow.AddSeconds(3)));
            var reply = await probe.ExpectMsgAsync<PredictChunkReply>(timeout: TimeSpan.FromSeconds(5));
            Assert.True(reply.Succeeded, $"{arm} request {id}: {reply.Error}");
            served.Enqueue(new Served(arm, sentAt, DateTime.UtcNow, reply.Worker));
        }
    }
}
