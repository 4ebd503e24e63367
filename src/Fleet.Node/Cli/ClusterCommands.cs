using System.CommandLine;
using System.Text.Json;
using Fleet.Cluster;
using Fleet.Cluster.Membership;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Node.Config;
using Fleet.Node.Config.Options;
using Fleet.Node.Hosting;
using Fleet.Policy;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Cli;

/// <summary>
/// The <c>fleet broker</c> palette (<c>show</c>, <c>leave NODE</c>, <c>down NODE</c>, <c>stop</c>, <c>resume</c>) and the
/// <c>fleet policy-node</c> command that serves a policy from the cluster's request queue. Each connects to the broker
/// of <c>fleet.cluster.broker</c> (from <c>--config</c> files or FLEET_BROKER). An unreachable broker exits with code 3.
/// </summary>
internal static class ClusterCommands
{
    /// <summary>Exit code when the broker cannot be reached in time.</summary>
    public const int BrokerUnreachable = 3;

    /// <summary>Builds <c>fleet broker</c>.</summary>
    public static Command Create()
    {
        var command = new Command("broker", "The cluster through the RabbitMQ broker itself (no node needed): members heard from, leave/down NODE, fleet-wide STOP/RESUME.");
        command.Subcommands.Add(Show());
        command.Subcommands.Add(MemberCommandVerb("leave", MemberCommandKind.Leave, "Ask NODE to leave gracefully: policy workers stop consuming, finish their batch, then exit."));
        command.Subcommands.Add(MemberCommandVerb("down", MemberCommandKind.Down, "Mark NODE as Down on every node now (it stops taking work; restart it to rejoin)."));
        command.Subcommands.Add(Stop());
        command.Subcommands.Add(Resume());
        return command;
    }

    private static Command Show()
    {
        var listen = new Option<TimeSpan>("--listen") { Description = "How long to collect heartbeats (at least two heartbeat intervals).", DefaultValueFactory = _ => TimeSpan.FromSeconds(2.5) };
        var json = new Option<bool>("--json") { Description = "Print the members as JSON." };
        var command = new Command("show", "List the members heard from: status, roles, arms, workers, load, phi.") { listen, json };
        var config = ConfigFileOption.AddTo(command);
        command.SetAction((result, ct) => WithBrokerAsync(result, config, "show", async (transport, _, _, output) =>
        {
            var observer = $"cli-{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
            var table = new ClusterMembership(observer);
            var codec = new WireCodec();
            var spec = Topology.HeartbeatQueueSpec(observer) with { Expires = TimeSpan.FromSeconds(30) };
            await transport.DeclareBroadcastAsync(Topology.HeartbeatExchange, durable: true, ct);
            await transport.DeclareQueueAsync(spec, ct);
            await transport.BindAsync(spec.Name, Topology.HeartbeatExchange, ct);
            await using (await transport.ConsumeAsync(spec.Name, 64, async (d, token) =>
            {
                if (codec.TryDecode(d.Message.Manifest, d.Message.Body.Span, out var m, out _) && m is MemberHeartbeat h) table.OnHeartbeat(h);
                await d.AckAsync(token);
            }, ct))
            {
                await Task.Delay(result.GetValue(listen), ct);
            }
            var members = table.Snapshot();
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(members.Select(m => new
                {
                    node = m.Node, status = m.Status.ToString(), roles = m.Roles, arms = m.Arms, workers = m.Workers, load = m.Load, phi = Math.Round(m.Phi, 2),
                })));
                return 0;
            }
            if (members.Count == 0) await output.WriteLineAsync("No member sent a heartbeat within the listen window.");
            else await output.WriteLineAsync($"{"NODE",-24} {"STATUS",-8} {"ROLES",-14} {"ARMS",4} {"WORKERS",7} {"LOAD",5}");
            foreach (var m in members)
                await output.WriteLineAsync($"{m.Node,-24} {m.Status,-8} {string.Join(',', m.Roles),-14} {m.Arms.Count,4} {m.Workers.Count,7} {m.Load,5:P0}");
            return 0;
        }));
        return command;
    }

    private static Command MemberCommandVerb(string verb, MemberCommandKind kind, string description)
    {
        var node = new Argument<string>("NODE") { Description = "The node's name (fleet.node.name), as `fleet broker show` lists it." };
        var command = new Command(verb, description) { node };
        var config = ConfigFileOption.AddTo(command);
        command.SetAction((result, ct) => WithBrokerAsync(result, config, verb, async (transport, codec, origin, output) =>
        {
            var target = result.GetValue(node)!;
            await using var broadcast = new Fleet.Cluster.Broadcast.FleetBroadcast(transport, codec, origin, null);
            await broadcast.SendCommandAsync(new MemberCommand(target, kind, origin), ct);
            await output.WriteLineAsync($"{verb} sent to {target}.");
            return 0;
        }));
        return command;
    }

    private static Command Stop()
    {
        var reason = new Option<string>("--reason") { Description = "Why, for the logs of every node.", DefaultValueFactory = _ => "operator stop" };
        var torqueOff = new Option<bool>("--torque-off") { Description = "Disable torque instead of holding position." };
        var command = new Command("stop", "Fleet-wide STOP: every arm holds (or drops torque) within one tick; only `fleet broker resume` lifts it.") { reason, torqueOff };
        var config = ConfigFileOption.AddTo(command);
        command.SetAction((result, ct) => WithBrokerAsync(result, config, "stop", async (transport, codec, origin, output) =>
        {
            await using var broadcast = new Fleet.Cluster.Broadcast.FleetBroadcast(transport, codec, origin, null);
            await broadcast.StopFleetAsync(result.GetValue(reason)!, result.GetValue(torqueOff), ct);
            await output.WriteLineAsync("STOP broadcast to every node.");
            return 0;
        }));
        return command;
    }

    private static Command Resume()
    {
        var reason = new Option<string>("--reason") { Description = "Why it is safe to move again.", Required = true };
        var command = new Command("resume", "Lift a fleet-wide STOP on every node.") { reason };
        var config = ConfigFileOption.AddTo(command);
        command.SetAction((result, ct) => WithBrokerAsync(result, config, "resume", async (transport, codec, origin, output) =>
        {
            await using var broadcast = new Fleet.Cluster.Broadcast.FleetBroadcast(transport, codec, origin, null);
            await broadcast.ResumeFleetAsync(result.GetValue(reason)!, ct);
            await output.WriteLineAsync("RESUME broadcast to every node.");
            return 0;
        }));
        return command;
    }

    /// <summary>Builds <c>fleet policy-node</c>.</summary>
    public static Command CreatePolicyNode()
    {
        var policy = new Option<string>("--policy") { Description = "Pool name arms ask for: consumes fleet.policy.<name>.requests.", Required = true };
        var type = new Option<string>("--type") { Description = "Policy type: act (needs --path) or a built-in: hold, sinusoid.", DefaultValueFactory = _ => "act" };
        var path = new Option<string?>("--path") { Description = "LeRobot checkpoint folder for learned policies." };
        var workers = new Option<int>("--workers") { Description = "Policy instances on this node, each consuming with prefetch = max-batch.", DefaultValueFactory = _ => 1 };
        var options = new Option<string[]>("--option") { Description = "key=value for a built-in policy (e.g. chunk-size=50, simulated-latency=100ms); repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("policy-node", "Serve a policy to the cluster until stopped (Ctrl+C) or told to leave.") { policy, type, path, workers, options };
        var config = ConfigFileOption.AddTo(command);
        command.SetAction((result, ct) => ConfigFileOption.RunAsync(result, async () =>
        {
            var cfg = ConfigFileOption.Load(result, config);
            var node = NodeOptions.FromConfig(cfg);
            var cluster = ClusterOptions.FromConfig(cfg);
            using var logs = LoggerFactory.Create(b => b.UseFleetConsole(LoggingOptions.FromConfig(cfg)));
            var log = logs.CreateLogger("Fleet.Cluster");
            var transport = await ConnectAsync(cluster, node.Name, log, ct);
            if (transport is null) return BrokerUnreachable;
            await using var _ = transport;
            var codec = new WireCodec(cluster.Wire);
            var hosts = new List<PolicyWorkerHost>();
            for (var i = 0; i < result.GetValue(workers); i++)
            {
                var instance = CreatePolicy(result.GetValue(type)!, result.GetValue(path), result.GetValue(options) ?? []);
                var host = new PolicyWorkerHost(transport, instance, codec, cluster.Worker(result.GetValue(policy)!, $"{node.Name}/{result.GetValue(policy)}-{i}"), log);
                await host.StartAsync(ct);
                hosts.Add(host);
            }
            await using var member = new ClusterNode(transport, codec, new ClusterNodeOptions(node.Name, node.Roles, cluster.HeartbeatInterval, cluster.FailureDetector), null, log)
            {
                LoadSource = () => new NodeLoad([], hosts.Select(h => h.Options.Worker).ToList(), hosts.Average(h => h.Load)),
                Leaving = token => Task.WhenAll(hosts.Select(h => h.LeaveAsync(token))),
            };
            await member.StartAsync(ct);
            try
            {
                await member.Completion.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                await member.LeaveAsync(CancellationToken.None);
            }
            foreach (var h in hosts) await h.DisposeAsync();
            log.LogInformation("Policy node {Node} stopped: {Counters}", node.Name, string.Join("; ", hosts.Select(h => $"{h.Options.Worker}: {h.Counters}")));
            return 0;
        }));
        return command;
    }

    private static IPolicy CreatePolicy(string type, string? path, string[] options)
    {
        if (path is not null) return LeRobotPolicyLoader.Load(type, path);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            var eq = option.IndexOf('=');
            if (eq <= 0) throw new PolicyInputException($"--option '{option}' is not key=value (example: --option simulated-latency=100ms).");
            values[option[..eq].Trim()] = option[(eq + 1)..].Trim();
        }
        return PolicyFactory.WithBuiltins().Create(type, values);
    }

    private static async Task<RabbitMqTransport?> ConnectAsync(ClusterOptions cluster, string name, ILogger log, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(cluster.ConnectTimeout);
        try
        {
            return await RabbitMqTransport.ConnectAsync(cluster.RabbitMq(name), log, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            log.LogError("RabbitMQ {Broker} was unreachable for {Seconds} s (fleet.cluster.connect-timeout); check fleet.cluster.broker / FLEET_BROKER and that the broker runs.",
                cluster.RabbitMq(name).SafeBroker, cluster.ConnectTimeout.TotalSeconds);
            return null;
        }
    }

    private static Task<int> WithBrokerAsync(ParseResult result, Option<string[]> config, string verb,
        Func<ITransport, WireCodec, string, TextWriter, Task<int>> body) =>
        ConfigFileOption.RunAsync(result, async () =>
        {
            var cfg = ConfigFileOption.Load(result, config);
            var cluster = ClusterOptions.FromConfig(cfg);
            using var logs = LoggerFactory.Create(b => b.UseFleetConsole(LoggingOptions.FromConfig(cfg)));
            var origin = $"cli-{Environment.MachineName}".ToLowerInvariant();
            var transport = await ConnectAsync(cluster, $"{origin}-{verb}", logs.CreateLogger("Fleet.Cluster"), CancellationToken.None);
            if (transport is null) return BrokerUnreachable;
            await using var _ = transport;
            return await body(transport, new WireCodec(cluster.Wire), origin, result.InvocationConfiguration.Output);
        });
}
