using Fleet.Actors;
using Fleet.Cluster.Membership;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Xunit.Abstractions;

namespace Fleet.Cluster.Tests.Pool;

/// <summary>
/// Issue 8 §4, "a leaving policy node stops consuming, finishes its batch, then leaves", with a whole <c>fleet run</c>
/// policy node as a process on the real broker fixture: its batch (a hold policy with 6 s of simulated inference) is
/// longer than the 2 s stop-intake shutdown phase, and SIGTERM arrives while it runs. The node must answer that
/// request itself and only then exit; before, the phase timed out, the connection closed under the batch, and the
/// request went back to the queue.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class GracefulLeaveTests(RabbitMqBroker broker, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _id = $"{Guid.NewGuid():N}"[..6];
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-leave-").FullName;
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly WireCodec _codec = new();
    private FleetNodeProcess? _node;
    private ActorSystem _system = null!;

    private string Policy => $"slow-{_id}";

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("leave");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_node is { } n)
        {
            output.WriteLine($"--- {n.Name} ---\n{n.Log}");
            n.Dispose();
        }
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
        await _system.Terminate();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<ITransport> ConnectAsync(string node)
    {
        var t = await RabbitMqTransport.ConnectAsync(new RabbitMqOptions(broker.Uri, node), null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        _cleanup.Add(t);
        return t;
    }

    [RabbitFact]
    public async Task PolicyNodeTerminatedMidBatch_AnswersTheBatchItselfThenExits()
    {
        Assert.True(File.Exists(PolicyNodeProcess.FleetDll), $"build Fleet.Node first: {PolicyNodeProcess.FleetDll}");
        var gpu = $"gpu-{_id}";
        var file = Path.Combine(_dir, "gpu.conf");
        // request-deadline 30 s (so leave-timeout 30 s) bounds the wait; stop-intake stays at its 2 s default.
        File.WriteAllText(file, $$"""
            fleet {
              node { name = "{{gpu}}", roles = [policy] }
              admin.port = 0
              shutdown.phases.stop-intake = 2s
              cluster { enabled = true, heartbeat-interval = 300ms, pool { request-deadline = 30s, max-wait = 0ms } }
              policies { "{{Policy}}" { type = hold, chunk-size = 10, simulated-latency = 6s, pool { workers = 1 } } }
            }
            """);
        _node = FleetNodeProcess.Start(gpu, new Dictionary<string, string> { ["FLEET_BROKER"] = broker.Uri.ToString() }, "run", "--config", file);
        var observer = new ClusterNode(await ConnectAsync($"observer-{_id}"), _codec, new ClusterNodeOptions($"observer-{_id}", ["robot"]));
        await observer.StartAsync(CancellationToken.None);
        _cleanup.Add(observer);
        await Eventually.TrueAsync(() => observer.Membership.StatusOf(gpu) == MemberStatus.Up, $"{gpu} Up. Log:\n{_node.Log}", TimeSpan.FromSeconds(90));

        var pool = _system.ActorOf(RemotePolicyPool.Props(await ConnectAsync($"robot-{_id}"), _codec, new RemotePoolOptions($"robot-{_id}", Deadline)));
        var probe = new TestProbe(_system);
        var observation = new Observation("arm-1", 7, DateTimeOffset.UtcNow, new float[6], new Dictionary<string, ImageFrame>(), "");
        probe.Send(pool, new PredictChunk(1, Policy, observation, DateTimeOffset.UtcNow + Deadline));
        // Seen within 4 s of a 6 s batch, so SIGTERM comes with more than the 2 s phase of the batch still to run.
        await Eventually.TrueAsync(() => observer.Membership.Snapshot().Any(m => m.Node == gpu && m.Load > 0), "the worker holds the request", TimeSpan.FromSeconds(4));

        _node.Terminate();
        var terminatedAt = DateTime.UtcNow;
        var reply = await probe.ExpectMsgAsync<PredictChunkReply>(timeout: TimeSpan.FromSeconds(20));
        var answeredAfter = DateTime.UtcNow - terminatedAt;
        var exitCode = await _node.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"answered {answeredAfter.TotalMilliseconds:F0} ms after SIGTERM; exit code {exitCode}");

        Assert.True(reply.Succeeded, reply.Error);
        Assert.StartsWith(gpu, reply.Worker);
        Assert.Equal(7, reply.Chunk!.StartTimestep);
        // The scenario is the one of the issue only if the batch outlasted the stop-intake phase.
        Assert.True(answeredAfter > TimeSpan.FromSeconds(2), $"the batch ended {answeredAfter.TotalMilliseconds:F0} ms after SIGTERM, within the 2 s phase: raise simulated-latency");
        Assert.Equal(0, exitCode);
        Assert.Contains("left after finishing its batch", _node.Log);
    }
}
