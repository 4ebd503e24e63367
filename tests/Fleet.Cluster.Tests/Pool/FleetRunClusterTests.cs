using System.Text.Json;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;
using Xunit.Abstractions;

namespace Fleet.Cluster.Tests.Pool;

/// <summary>
/// Issue 8 §7 with whole nodes as separate processes: two robot nodes (<c>fleet run</c>, three simulated arms each,
/// <c>placement = cluster</c>) and two policy nodes (<c>fleet run</c> with the role policy) on the real broker fixture.
/// Everything is read from outside, through each node's admin API (/api/arms, /metrics), as an operator would:
/// kill -9 of a policy node, malformed requests, a fleet-wide STOP/RESUME from the CLI, a broker restart.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class FleetRunClusterTests(RabbitMqBroker broker, ITestOutputHelper output) : IDisposable
{
    private readonly string _id = $"{Guid.NewGuid():N}"[..6];
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-cluster-").FullName;
    private readonly List<FleetNodeProcess> _nodes = [];

    private string Policy => $"hold-{_id}";

    public void Dispose()
    {
        foreach (var n in _nodes)
        {
            if (n.HasExited) output.WriteLine($"--- {n.Name} (exited) ---\n{n.Log}");
            n.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private Dictionary<string, string> Env => new() { ["FLEET_BROKER"] = broker.Uri.ToString() };

    // One node's config: the cluster on the fixture's broker, its roles, the shared policy, and its arms.
    private FleetNodeProcess StartNode(string name, string role, int arms)
    {
        var armList = string.Join("\n", Enumerable.Range(0, arms).Select(i =>
            $"    {{ id = \"{name}-arm-{i}\", robot {{ type = so101_follower_sim }}, policy = \"{Policy}\", deadline = 1s }}"));
        var file = Path.Combine(_dir, $"{name}.conf");
        File.WriteAllText(file, $$"""
            fleet {
              node { name = "{{name}}-{{_id}}", roles = [{{role}}] }
              admin.port = 0
              logging.level = information
              cluster { enabled = true, heartbeat-interval = 500ms, reconnect { min-backoff = 100ms, max-backoff = 1s } }
              policy.placement = cluster
              policies { "{{Policy}}" { type = hold, chunk-size = 60, simulated-latency = 20ms, pool { workers = 2 } } }
              arms = [
            {{armList}}
              ]
            }
            """);
        var node = FleetNodeProcess.Start(name, Env, "run", "--config", file);
        _nodes.Add(node);
        return node;
    }

    private static long Long(JsonElement arm, string property) => arm.GetProperty(property).GetInt64();

    private async Task<Dictionary<string, JsonElement>> AllArmsAsync(params FleetNodeProcess[] robots)
    {
        var all = new Dictionary<string, JsonElement>();
        foreach (var r in robots)
            foreach (var (id, arm) in await r.ArmsAsync()) all[id] = arm;
        return all;
    }

    // Polls every arm of the robot nodes until each satisfies the condition.
    private async Task WaitArmsAsync(FleetNodeProcess[] robots, Func<string, JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        Dictionary<string, JsonElement> last = [];
        await Eventually.TrueAsync(async () => (last = await AllArmsAsync(robots)).Count == 6 && last.All(a => condition(a.Key, a.Value)),
            $"{what}; arms: {string.Join("; ", last.Select(a => $"{a.Key} {a.Value.GetProperty("state")} chunks {a.Value.GetProperty("chunks_received")}"))}",
            timeout ?? TimeSpan.FromSeconds(60));
    }

    [RabbitFact]
    public async Task TwoRobotAndTwoPolicyNodes_SurviveAKilledPolicyNodeMalformedRequestsAStopAndABrokerRestart()
    {
        Assert.True(File.Exists(PolicyNodeProcess.FleetDll), $"build Fleet.Node first: {PolicyNodeProcess.FleetDll}");
        var gpuA = StartNode("gpu-a", "policy", 0);
        var gpuB = StartNode("gpu-b", "policy", 0);
        var robots = new[] { StartNode("robot-1", "robot", 3), StartNode("robot-2", "robot", 3) };

        // Everything runs; both policy nodes serve.
        await WaitArmsAsync(robots, (_, a) => Long(a, "chunks_received") >= 3, "every arm got chunks from the cluster", TimeSpan.FromSeconds(120));
        await Eventually.TrueAsync(async () => await gpuA.MetricAsync("fleet_worker_served_total") > 0 && await gpuB.MetricAsync("fleet_worker_served_total") > 0,
            "both policy nodes serve", TimeSpan.FromSeconds(60));
        var members = await robots[0].GetJsonAsync("api/cluster");
        Assert.Contains(members.EnumerateArray(), m => m.GetProperty("name").GetString() == $"gpu-b-{_id}" && m.GetProperty("status").GetString() == "up"
            && m.GetProperty("workers").GetArrayLength() == 2);
        Assert.Contains(members.EnumerateArray(), m => m.GetProperty("name").GetString() == $"robot-2-{_id}" && m.GetProperty("arms").GetArrayLength() == 3);

        // kill -9 one policy node mid-run: the other serves every request within the arms' 1 s deadline, and no arm starves.
        var beforeKill = await AllArmsAsync(robots);
        gpuA.KillHard();
        var servedByB = await gpuB.MetricAsync("fleet_worker_served_total");
        await WaitArmsAsync(robots, (id, a) => Long(a, "chunks_received") >= Long(beforeKill[id], "chunks_received") + 4, "four more chunks per arm after the kill");
        var afterKill = await AllArmsAsync(robots);
        foreach (var (id, a) in afterKill)
        {
            Assert.True(Long(a, "timeouts") == Long(beforeKill[id], "timeouts"), $"{id}: a request went unanswered for 1 s after the kill");
            Assert.True(Long(a, "starvation_ticks") == Long(beforeKill[id], "starvation_ticks"), $"{id} starved after the kill");
        }
        Assert.True(await gpuB.MetricAsync("fleet_worker_served_total") > servedByB);
        output.WriteLine($"after the kill: {string.Join(", ", afterKill.Select(a => $"{a.Key} latency p50 {a.Value.GetProperty("chunk_latency_p50_ms")} ms"))}");

        // Malformed requests are dead-lettered and counted by the surviving worker, which carries on.
        var deadBefore = await broker.ReadyCountAsync("fleet.dead-letter");
        await using (var injector = await RabbitMqTransport.ConnectAsync(new RabbitMqOptions(broker.Uri, $"injector-{_id}"), null, CancellationToken.None))
        {
            var queue = Destination.Queue(Topology.RequestQueue(Policy));
            await injector.PublishAsync(queue, new TransportMessage("predict-chunk.v1", new byte[] { 0xff, 0x01, 0x02 }, $"fleet.node.nobody-{_id}.replies", "x/1"), CancellationToken.None);
            await injector.PublishAsync(queue, new TransportMessage("evil-pickle.v1", "cos\nsystem\n"u8.ToArray(), $"fleet.node.nobody-{_id}.replies", "x/2"), CancellationToken.None);
        }
        await Eventually.TrueAsync(async () => await gpuB.MetricAsync("fleet_worker_dead_lettered_total") >= 2, "two messages dead-lettered by gpu-b");
        Assert.True(await broker.ReadyCountAsync("fleet.dead-letter") >= deadBefore + 2);
        Assert.False(gpuB.HasExited);

        // STOP from the CLI (`fleet broker stop`, straight to the broker) reaches every arm of both robot nodes.
        var stop = await FleetNodeProcess.RunToEndAsync(Env, "broker", "stop", "--reason", "test stop");
        Assert.True(stop.ExitCode == 0, stop.Output);
        await WaitArmsAsync(robots, (_, a) => a.GetProperty("state").GetString() == "holding" && a.GetProperty("fleet_stop").ValueKind == JsonValueKind.Object,
            "every arm held by the STOP");
        var stopped = await AllArmsAsync(robots);
        Assert.All(stopped.Values, a => Assert.StartsWith("cli-", a.GetProperty("fleet_stop").GetProperty("origin").GetString()));
        // RESUME through one robot node's admin API (what `fleet cluster resume` calls) lifts it on both nodes.
        var resume = await robots[1].PostJsonAsync("api/cluster/resume?reason=test%20over");
        Assert.Contains("RESUME", resume.GetProperty("result").GetString());
        await WaitArmsAsync(robots, (id, a) => Long(a, "executed") > Long(stopped[id], "executed") + 10 && a.GetProperty("fleet_stop").ValueKind == JsonValueKind.Null,
            "every arm executing again after RESUME");

        // Broker restart: both robot nodes (and the policy node) reconnect and carry on without a restart.
        var beforeRestart = await AllArmsAsync(robots);
        await broker.RestartAsync();
        await Eventually.TrueAsync(async () => await robots[0].MetricAsync("fleet_cluster_reconnects_total") >= 1 && await robots[1].MetricAsync("fleet_cluster_reconnects_total") >= 1,
            "both robot nodes reconnected", TimeSpan.FromSeconds(60));
        await WaitArmsAsync(robots, (id, a) => Long(a, "chunks_received") >= Long(beforeRestart[id], "chunks_received") + 3, "chunks again after the broker restart");
        Assert.True(await robots[0].MetricAsync("fleet_cluster_connections_lost_total") >= 1);
        Assert.All(_nodes.Where(n => n != gpuA), n => Assert.False(n.HasExited, $"{n.Name} exited:\n{n.Log}"));

        // Membership through the admin API: the killed node was detected as Down; an unknown member cannot be downed;
        // a policy node told to leave finishes its batch, stops consuming, and the others see it go.
        await Eventually.TrueAsync(async () => Status(await robots[0].GetJsonAsync("api/cluster"), $"gpu-a-{_id}") is "down" or "removed" or null,
            "robot-1 sees the killed gpu-a as down", TimeSpan.FromSeconds(30));
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => robots[0].PostJsonAsync("api/cluster/down/no-such-node"));
        Assert.Contains("404", unknown.Message);
        var left = await gpuB.PostJsonAsync("api/cluster/leave");
        Assert.Contains("left the cluster", left.GetProperty("result").GetString());
        await Eventually.TrueAsync(async () => Status(await robots[1].GetJsonAsync("api/cluster"), $"gpu-b-{_id}") is "exiting" or "down" or "removed" or null,
            "robot-2 sees gpu-b leave", TimeSpan.FromSeconds(30));
        var served = await gpuB.MetricAsync("fleet_worker_served_total");
        var afterLeave = await AllArmsAsync(robots);
        await WaitArmsAsync(robots, (id, a) => Long(a, "timeouts") >= Long(afterLeave[id], "timeouts") + 2, "requests time out with no policy node left");
        Assert.Equal(served, await gpuB.MetricAsync("fleet_worker_served_total"));
    }

    private static string? Status(JsonElement members, string node) =>
        members.EnumerateArray().Where(m => m.GetProperty("name").GetString() == node).Select(m => m.GetProperty("status").GetString()).FirstOrDefault();
}
