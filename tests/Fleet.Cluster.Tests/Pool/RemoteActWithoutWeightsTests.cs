using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Policy.Act;
using Xunit.Abstractions;

namespace Fleet.Cluster.Tests.Pool;

/// <summary>
/// A robot node whose arms use an ACT policy through the cluster (placement = cluster) learns the chunk size and the
/// cameras from the checkpoint's config.json alone: its checkpoint folder holds nothing else, yet it starts and its arm
/// is served by a policy node that has the whole checkpoint. Both are <c>fleet run</c> processes on the broker fixture.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RemoteActWithoutWeightsTests(RabbitMqBroker broker, ITestOutputHelper output) : IDisposable
{
    private readonly string _id = $"{Guid.NewGuid():N}"[..6];
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-remote-act-").FullName;
    private readonly List<FleetNodeProcess> _nodes = [];

    public void Dispose()
    {
        foreach (var n in _nodes)
        {
            output.WriteLine($"--- {n.Name} ---\n{n.Log}");
            n.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private FleetNodeProcess Start(string name, string body)
    {
        var file = Path.Combine(_dir, $"{name}.conf");
        File.WriteAllText(file, $$"""
            fleet {
              node { name = "{{name}}-{{_id}}", roles = [{{(name == "gpu" ? "policy" : "robot")}}] }
              admin.port = 0
              cluster { enabled = true, heartbeat-interval = 500ms }
              policy.placement = cluster
            {{body}}
            }
            """);
        var node = FleetNodeProcess.Start(name, new Dictionary<string, string> { ["FLEET_BROKER"] = broker.Uri.ToString() }, "run", "--config", file);
        _nodes.Add(node);
        return node;
    }

    [RabbitFact]
    public async Task RobotNode_WithOnlyConfigJson_StartsAndItsArmIsServedByThePolicyNode()
    {
        var full = Path.Combine(_dir, "act-full");
        await RandomActCheckpoint.WriteAsync(full, new RandomActSpec(6, 6, 16, 2, 24, 1, 7, 4, 32, 48, Seed: 3));
        var configOnly = Directory.CreateDirectory(Path.Combine(_dir, "act-config-only")).FullName;
        File.Copy(Path.Combine(full, "config.json"), Path.Combine(configOnly, "config.json"));
        var policy = $"act-{_id}";

        var gpu = Start("gpu", $$"""  policies { "{{policy}}" { type = act, path = "{{full}}", threads = 1 } }""");
        var robot = Start("robot", $$"""
              policies { "{{policy}}" { type = act, path = "{{configOnly}}" } }
              arms = [ { id = "arm-{{_id}}", robot { type = so101_follower_sim }, policy = "{{policy}}", deadline = 2s,
                         cameras = [ { name = front, type = synthetic, width = 48, height = 32, fps = 30 } ] } ]
            """);

        await Eventually.TrueAsync(async () => (await robot.ArmsAsync()).Values.Single().GetProperty("chunks_received").GetInt64() >= 2,
            "the arm got chunks from the policy node", TimeSpan.FromSeconds(120));
        Assert.True(await gpu.MetricAsync("fleet_worker_served_total") >= 2);
        Assert.False(File.Exists(Path.Combine(configOnly, "model.safetensors")));
    }
}
