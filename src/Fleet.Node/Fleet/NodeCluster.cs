using Fleet.Actors;
using Fleet.Cluster;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Transport;
using Fleet.Messages.Wire;
using Fleet.Node.Admin;
using Fleet.Node.Config;
using Fleet.Node.Config.Options;
using Fleet.Node.Hosting;
using Fleet.Policy.Builtin;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Fleets;

/// <summary>
/// This node's part in the cluster, composed from <c>fleet.node</c>, <c>fleet.policy.placement</c> and
/// <c>fleet.cluster</c>: the RabbitMQ transport, the <see cref="ClusterNode"/> (heartbeats with this node's roles, arms
/// and load; STOP/RESUME and member changes published on the actor system's EventStream), the
/// <see cref="RemotePolicyPool"/> when placement is <c>cluster</c>, and one <see cref="PolicyWorkerHost"/> per worker of
/// every <c>fleet.policies</c> entry when the node has the <c>policy</c> role. This is the one place that makes that choice;
/// without <c>fleet.cluster.enabled</c> there is no NodeCluster and the node runs the embedded pool alone.
/// </summary>
/// <remarks>
/// At start the broker is tried with the reconnect backoff for <c>fleet.cluster.connect-timeout</c>; if it never answers
/// the node refuses to start (<see cref="BrokerUnreachableException"/>, naming the broker with its password masked):
/// arms never start against a pool that is not there.
/// </remarks>
public sealed class NodeCluster : IAsyncDisposable
{
    private readonly ILoggerFactory _logs;
    private readonly ILogger _log;
    private readonly List<PolicyWorkerHost> _workers = [];
    private IReadOnlyList<string> _arms = [];
    private readonly Lock _leaveLock = new();
    private Task? _leave;

    private NodeCluster(NodeOptions node, ClusterOptions options, bool remotePlacement, RabbitMqTransport transport, ILoggerFactory logs)
    {
        Node = node;
        Options = options;
        RemotePlacement = remotePlacement;
        Transport = transport;
        _logs = logs;
        _log = logs.CreateLogger("Fleet.Cluster");
        Codec = new WireCodec(options.Wire);
    }

    /// <summary>Who this node is.</summary>
    public NodeOptions Node { get; }

    /// <summary><c>fleet.cluster</c>.</summary>
    public ClusterOptions Options { get; }

    /// <summary>True when the arms' pool is the remote one (<c>fleet.policy.placement = "cluster"</c>).</summary>
    public bool RemotePlacement { get; }

    /// <summary>The connection to the broker (it reconnects by itself after a loss).</summary>
    public RabbitMqTransport Transport { get; }

    /// <summary>The wire codec of <c>fleet.cluster.wire</c>.</summary>
    public WireCodec Codec { get; }

    /// <summary>Membership and broadcasts; null before <see cref="StartAsync"/>.</summary>
    public ClusterNode? Member { get; private set; }

    /// <summary>What the remote pool did; null unless <see cref="RemotePlacement"/>.</summary>
    public RemotePoolCounters? PoolCounters { get; private set; }

    /// <summary>The policy workers this node hosts (role <c>policy</c>); empty otherwise.</summary>
    public IReadOnlyList<PolicyWorkerHost> Workers => _workers;

    /// <summary>
    /// Reads the configuration and, when <c>fleet.cluster.enabled</c>, connects to the broker. Returns null for a node
    /// outside any cluster.
    /// </summary>
    /// <exception cref="ConfigException">Placement <c>cluster</c> without <c>fleet.cluster.enabled</c>, or a bad cluster key.</exception>
    /// <exception cref="BrokerUnreachableException">The broker did not answer within <c>fleet.cluster.connect-timeout</c>.</exception>
    public static async Task<NodeCluster?> ConnectAsync(FleetConfig config, LogRing? ring, CancellationToken cancellationToken)
    {
        var placement = PolicyOptions.FromConfig(config);
        var options = ClusterOptions.FromConfig(config);
        var node = NodeOptions.FromConfig(config);
        if (!options.Enabled)
        {
            if (placement.Placement == "cluster")
                throw new ConfigException.BadValue(config.OriginOf("fleet.policy.placement"), "fleet.policy.placement",
                    "is \"cluster\" but fleet.cluster.enabled is false; set fleet.cluster.enabled = true and fleet.cluster.broker (or FLEET_BROKER), or use placement = \"embedded\"");
            return null;
        }
        // The console, and the node's log ring when it has one (so `fleet log tail` shows broker loss and reconnects).
        var logs = LoggerFactory.Create(b =>
        {
            b.UseFleetConsole(LoggingOptions.FromConfig(config));
            if (ring is not null) b.AddProvider(new LogRingProvider(ring));
        });
        var rabbit = options.RabbitMq(node.Name);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var transport = await RabbitMqTransport.ConnectAsync(rabbit, logs.CreateLogger("Fleet.Cluster"), timeout.Token).ConfigureAwait(false);
            return new NodeCluster(node, options, placement.Placement == "cluster", transport, logs);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logs.Dispose();
            throw new BrokerUnreachableException(
                $"RabbitMQ {rabbit.SafeBroker} did not answer node '{node.Name}' within {options.ConnectTimeout.TotalSeconds:0.#} s (fleet.cluster.connect-timeout). " +
                "Start the broker, or fix fleet.cluster.broker / FLEET_BROKER; with fleet.cluster.enabled = false the node runs alone with the embedded pool.");
        }
        catch
        {
            logs.Dispose();
            throw;
        }
    }

    /// <summary>Creates the remote pool actor as <c>/user/policy-pool</c>; only with <see cref="RemotePlacement"/>.</summary>
    public IActorRef CreatePool(ActorSystem system)
    {
        if (!RemotePlacement) throw new InvalidOperationException($"node '{Node.Name}' runs the embedded pool (fleet.policy.placement = \"embedded\").");
        PoolCounters = new RemotePoolCounters();
        var options = new RemotePoolOptions(Node.Name, Options.RequestDeadline, Options.MaxQueueLength);
        return system.ActorOf(RemotePolicyPool.Props(Transport, Codec, options, PoolCounters, _logs.CreateLogger("Fleet.Cluster.Pool")), "policy-pool");
    }

    /// <summary>
    /// Starts the policy workers (role <c>policy</c>: <c>pool.workers</c> instances of every <c>fleet.policies</c> entry)
    /// and the membership node, which publishes on <paramref name="system"/>'s EventStream and makes a coordinated
    /// shutdown leave the cluster (workers finish their batch) in the stop-intake phase.
    /// </summary>
    /// <exception cref="TransportUnavailableException">The broker went away during the start.</exception>
    public async Task StartAsync(ActorSystem system, IReadOnlyList<string> arms, IReadOnlyDictionary<string, PolicyDefinition> policies,
        PolicyFactory factory, CancellationToken cancellationToken)
    {
        _arms = arms;
        if (Node.Roles.Contains("policy"))
        {
            foreach (var policy in policies.Values)
                for (var i = 0; i < policy.Pool.Workers; i++)
                {
                    var host = new PolicyWorkerHost(Transport, policy.Create(factory), Codec, Options.Worker(policy.Name, $"{Node.Name}/{policy.Name}-{i}"),
                        _logs.CreateLogger("Fleet.Cluster.Worker"));
                    _workers.Add(host);
                    await host.StartAsync(cancellationToken).ConfigureAwait(false);
                }
        }
        Member = new ClusterNode(Transport, Codec, new ClusterNodeOptions(Node.Name, Node.Roles, Options.HeartbeatInterval, Options.FailureDetector),
            system.EventStream, _logs.CreateLogger("Fleet.Cluster.Membership"))
        {
            LoadSource = () => new NodeLoad(_arms, _workers.Select(w => w.Options.Worker).ToList(), _workers.Count == 0 ? 0 : _workers.Average(w => w.Load)),
            Leaving = token => Task.WhenAll(_workers.Select(w => w.LeaveAsync(token))),
        };
        await Member.StartAsync(cancellationToken).ConfigureAwait(false);
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseStopIntake, "leave-cluster", _ => LeaveAsync());
        _log.LogInformation("Node {Node} joined the cluster as [{Roles}]: {Arms} arm(s), {Workers} policy worker(s), {Placement} pool.",
            Node.Name, string.Join(", ", Node.Roles), arms.Count, _workers.Count, RemotePlacement ? "remote" : "embedded");
    }

    /// <summary>
    /// How long <see cref="LeaveAsync"/> may take: the workers' <c>pool.leave-timeout</c> plus time for the Leaving and
    /// Exiting heartbeats. <see cref="FleetRuntime"/> stretches a policy node's stop-intake phase to this.
    /// </summary>
    public TimeSpan LeaveBound => Options.EffectiveLeaveTimeout + TimeSpan.FromSeconds(5);

    /// <summary>
    /// Leaves the cluster gracefully: workers stop consuming, finish (reply to and acknowledge) the batch in flight, then
    /// the node reports Exiting. Bounded by <see cref="LeaveBound"/>. Idempotent: every caller (the stop-intake phase,
    /// <see cref="DisposeAsync"/>) waits for the same leave, so the connection is never closed under a running batch.
    /// </summary>
    public Task LeaveAsync()
    {
        if (Member is null) return Task.CompletedTask;
        lock (_leaveLock) return _leave ??= Task.Run(LeaveOnceAsync);
    }

    private async Task LeaveOnceAsync()
    {
        using var timeout = new CancellationTokenSource(LeaveBound);
        try
        {
            await Member!.LeaveAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TransportUnavailableException)
        {
            _log.LogWarning("Node {Node} could not leave the cluster cleanly ({Error}); the others will find it silent and mark it Down.", Node.Name, e.Message);
        }
    }

    /// <summary>Leaves (if not done), stops the workers and the membership node, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await LeaveAsync().ConfigureAwait(false);
        foreach (var w in _workers) await w.DisposeAsync().ConfigureAwait(false);
        if (Member is not null) await Member.DisposeAsync().ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        if (_workers.Count > 0)
            _log.LogInformation("Policy workers of {Node} stopped: {Counters}", Node.Name, string.Join("; ", _workers.Select(w => $"{w.Options.Worker}: {w.Counters}")));
        _logs.Dispose();
    }
}

/// <summary>The broker did not answer a starting node in time; the message names the broker (password masked) and the remedy.</summary>
/// <param name="message">What happened and what to do.</param>
public sealed class BrokerUnreachableException(string message) : Exception(message);
