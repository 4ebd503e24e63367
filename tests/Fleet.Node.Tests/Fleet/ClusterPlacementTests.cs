using System.Net;
using System.Net.Sockets;
using Fleet.Node.Config;
using Fleet.Node.Fleets;
using Fleet.Node.Tests.Cli;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Fleets;

/// <summary>
/// How <c>fleet run</c> chooses its pool and joins a cluster (<see cref="NodeCluster"/>): the configuration mistakes
/// that are refused before any arm moves, and a broker that never answers. The cluster itself, against a real broker
/// and with separate processes, is tested in tests/Fleet.Cluster.Tests (FleetRunClusterTests).
/// </summary>
public sealed class ClusterPlacementTests : IDisposable
{
    private const string Arm = """
        fleet.policies { sine { type = sinusoid, chunk-size = 20 } }
        fleet.arms = [ { id = arm-1, robot { type = so101_follower_sim }, policy = sine } ]

        """;
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private FleetConfig Load(string text) => ConfigLoader.Load([_files.Write("node.conf", text)]);

    // A loopback port nobody listens on: connecting is refused at once.
    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Start_ClusterPlacementWithoutACluster_FailsNamingBothKeys()
    {
        var error = await Assert.ThrowsAnyAsync<ConfigException>(() =>
            FleetRuntime.StartAsync(Load(Arm + "fleet.policy.placement = cluster"), null, CancellationToken.None));
        Assert.Contains("node.conf:3:", error.Message);
        Assert.Contains("fleet.policy.placement", error.Message);
        Assert.Contains("fleet.cluster.enabled = true", error.Message);
    }

    [Fact]
    public async Task Start_PolicyRoleWithoutPolicies_FailsSayingWhatToServe()
    {
        var error = await Assert.ThrowsAnyAsync<ConfigException>(() => FleetRuntime.StartAsync(Load("""
            fleet.node.roles = [policy]
            fleet.cluster.enabled = true
            """), null, CancellationToken.None));
        Assert.Contains("fleet.policies", error.Message);
        Assert.Contains("role policy", error.Message);
    }

    [Fact]
    public async Task Start_ArmsOnANodeWithoutTheRobotRole_Fails()
    {
        var error = await Assert.ThrowsAnyAsync<ConfigException>(() => FleetRuntime.StartAsync(Load(Arm + """
            fleet.node.roles = [policy]
            fleet.cluster.enabled = true
            """), null, CancellationToken.None));
        Assert.Contains("fleet.node.roles", error.Message);
        Assert.Contains("lacks the role robot", error.Message);
    }

    [Fact]
    public async Task Start_BrokerNeverAnswers_FailsNamingTheBrokerWithThePasswordMasked()
    {
        var port = ClosedPort();
        var config = Load(Arm + $$"""
            fleet.cluster { enabled = true, broker = "amqp://fleet:s3cret-pw@127.0.0.1:{{port}}/", connect-timeout = 1s, reconnect.min-backoff = 100ms }
            fleet.policy.placement = cluster
            """);

        var error = await Assert.ThrowsAsync<BrokerUnreachableException>(() => FleetRuntime.StartAsync(config, null, CancellationToken.None));

        Assert.Contains($"amqp://fleet:***@127.0.0.1:{port}/", error.Message);
        Assert.DoesNotContain("s3cret-pw", error.Message);
        Assert.Contains("fleet.cluster.connect-timeout", error.Message);
        Assert.Contains("FLEET_BROKER", error.Message);
    }

    [Fact]
    public async Task Connect_BrokerNeverAnswers_EachFailedAttemptIsInTheNodesLogRing()
    {
        var port = ClosedPort();
        var config = Load(Arm + $$"""
            fleet.cluster { enabled = true, broker = "amqp://fleet:s3cret-pw@127.0.0.1:{{port}}/", connect-timeout = 1s, reconnect.min-backoff = 100ms }
            fleet.policy.placement = cluster
            """);
        var ring = new Fleet.Node.Admin.LogRing();

        await Assert.ThrowsAsync<BrokerUnreachableException>(() => NodeCluster.ConnectAsync(config, ring, CancellationToken.None));

        // The lines `fleet log tail` shows: the broker (password masked), the attempt, and the retry.
        var lines = ring.Since(0);
        Assert.Contains(lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Category == "Fleet.Cluster"
            && l.Message.Contains($"amqp://fleet:***@127.0.0.1:{port}/") && l.Message.Contains("attempt 1") && l.Message.Contains("retrying"));
        Assert.DoesNotContain(lines, l => l.Message.Contains("s3cret-pw"));
    }

    [Fact]
    public async Task FleetRun_BrokerNeverAnswers_ExitsWith3AndTheRemedyOnStderr()
    {
        var port = ClosedPort();
        var file = _files.Write("run.conf", Arm + """
            fleet.cluster { enabled = true, connect-timeout = 1s }
            fleet.policy.placement = cluster
            fleet.admin.port = 0
            """);
        var env = new Dictionary<string, string> { ["FLEET_BROKER"] = $"amqp://lab:hunter2@127.0.0.1:{port}/" };

        var result = await FleetProcess.RunAsync(_files.Dir, env, "run", "--config", file);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"amqp://lab:***@127.0.0.1:{port}/", result.Stderr);
        Assert.DoesNotContain("hunter2", result.Stderr + result.Stdout);
    }
}
