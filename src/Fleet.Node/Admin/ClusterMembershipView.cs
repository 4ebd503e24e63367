using Fleet.Cluster;
using Fleet.Cluster.Membership;
using Fleet.Messages;
using Fleet.Node.Fleets;

namespace Fleet.Node.Admin;

/// <summary>
/// The admin API's view of a node in a cluster (<see cref="NodeCluster"/>): the members of its
/// <see cref="ClusterMembership"/> table, <c>leave</c> (this node leaves gracefully: policy workers stop consuming and
/// finish their batch), <c>down NODE</c> (broadcast to every node), fleet-wide STOP/RESUME through the node's broadcast,
/// and the transport, pool and worker counters for <c>/metrics</c>.
/// </summary>
/// <param name="cluster">The node's cluster part, started.</param>
/// <param name="adminAddress">This node's admin address (host:port), shown as its own address.</param>
public sealed class ClusterMembershipView(NodeCluster cluster, string adminAddress) : IClusterMembership
{
    private ClusterNode Member => cluster.Member ?? throw new InvalidOperationException($"node '{cluster.Node.Name}' has not joined the cluster yet");

    /// <inheritdoc />
    public Task<IReadOnlyList<ClusterMember>> MembersAsync(CancellationToken cancellationToken)
    {
        var self = cluster.Node.Name;
        var members = Member.Membership.Snapshot()
            .Select(m => ToMember(m, m.Node == self))
            .ToList();
        if (members.All(m => !m.IsSelf))
            members.Insert(0, new ClusterMember(self, adminAddress, cluster.Node.Roles, Member.Status.ToString().ToLowerInvariant(), true)
            { Arms = [], Workers = cluster.Workers.Select(w => w.Options.Worker).ToList() });
        return Task.FromResult<IReadOnlyList<ClusterMember>>(members);
    }

    /// <inheritdoc />
    public async Task<string> LeaveAsync(CancellationToken cancellationToken)
    {
        await Member.LeaveAsync(cancellationToken);
        return $"node '{cluster.Node.Name}' left the cluster ({cluster.Workers.Count} policy worker(s) finished their batch and stopped consuming); " +
               "its arms keep running; stop the process with Ctrl-C or SIGTERM";
    }

    /// <inheritdoc />
    public async Task<string> DownAsync(string member, CancellationToken cancellationToken)
    {
        var known = Member.Membership.Snapshot().Select(m => m.Node).ToList();
        if (!known.Contains(member))
            throw new KeyNotFoundException($"no cluster member '{member}'; known: {string.Join(", ", known)}");
        await Member.DownAsync(member, cancellationToken);
        return $"down sent for '{member}': every node marks it Down, and it stops taking work";
    }

    /// <inheritdoc />
    public async Task<string> StopFleetAsync(string reason, bool disableTorque, CancellationToken cancellationToken)
    {
        try
        {
            await Member.Broadcast.StopFleetAsync(reason, disableTorque, cancellationToken);
        }
        catch (Cluster.Transport.TransportUnavailableException e)
        {
            // The broadcast stops the local arms before it publishes: say exactly what happened.
            throw new Cluster.Transport.TransportUnavailableException(
                $"STOP applied to the arms of '{cluster.Node.Name}' only: the broker is unreachable, so no other node got it ({e.Message}). " +
                "Stop the other nodes' arms through their own admin API, or retry when the broker is back.", e);
        }
        return $"fleet-wide STOP sent from '{cluster.Node.Name}': every arm of every node holds{(disableTorque ? " with torque off" : "")} until a RESUME";
    }

    /// <inheritdoc />
    public async Task<string> ResumeFleetAsync(string reason, CancellationToken cancellationToken)
    {
        await Member.Broadcast.ResumeFleetAsync(reason, cancellationToken);
        return $"fleet-wide RESUME sent from '{cluster.Node.Name}'";
    }

    /// <summary>Writes the transport, remote pool, worker and membership figures.</summary>
    internal void WriteMetrics(PrometheusText text)
    {
        var t = cluster.Transport.Counters;
        Gauge(text, "fleet_cluster_broker_connected", "1 while the node is connected to the broker.", cluster.Transport.IsConnected ? 1 : 0);
        Counter(text, "fleet_cluster_connections_lost_total", "Times the broker connection was lost.", t.ConnectionsLost);
        Counter(text, "fleet_cluster_reconnects_total", "Times the connection was re-established after a loss.", t.Reconnects);
        Counter(text, "fleet_cluster_reconnect_failures_total", "Reconnection attempts that failed (the broker was still away).", t.ReconnectFailures);
        Counter(text, "fleet_cluster_published_total", "Messages the broker confirmed.", t.Published);
        Counter(text, "fleet_cluster_publish_rejected_total", "Publishes refused by a full queue.", t.Rejected);
        Counter(text, "fleet_cluster_heartbeat_failures_total", "Heartbeats that could not be sent.", cluster.Member?.HeartbeatFailures ?? 0);
        if (cluster.PoolCounters is { } p)
        {
            Counter(text, "fleet_remote_pool_sent_total", "Requests published to a policy queue.", p.Sent);
            Counter(text, "fleet_remote_pool_answered_total", "Replies delivered to the arm that asked.", p.Answered);
            Counter(text, "fleet_remote_pool_late_total", "Replies discarded as late or superseded.", p.LateDiscarded);
            Counter(text, "fleet_remote_pool_expired_total", "Requests whose deadline passed without a reply.", p.Expired);
            Counter(text, "fleet_remote_pool_overloaded_total", "Requests refused by a full queue or an unserved policy.", p.Overloaded);
            Counter(text, "fleet_remote_pool_unavailable_total", "Requests failed because the broker was unreachable.", p.Unavailable);
        }
        text.Family("fleet_worker_served_total", "counter", "Requests a policy worker of this node answered.");
        foreach (var w in cluster.Workers) text.Sample("fleet_worker_served_total", w.Counters.Served, ("worker", w.Options.Worker));
        text.Family("fleet_worker_dead_lettered_total", "counter", "Malformed or foreign messages a worker moved to the dead-letter queue.");
        foreach (var w in cluster.Workers) text.Sample("fleet_worker_dead_lettered_total", w.Counters.DeadLettered, ("worker", w.Options.Worker));
        text.Family("fleet_cluster_member_up", "gauge", "1 for each member this node sees Up.");
        foreach (var m in cluster.Member?.Membership.Snapshot() ?? [])
            text.Sample("fleet_cluster_member_up", m.Status == MemberStatus.Up ? 1 : 0, ("member", m.Node));
    }

    private ClusterMember ToMember(MemberInfo m, bool isSelf) =>
        new(m.Node, isSelf ? adminAddress : Topology.ControlQueue(m.Node), m.Roles, m.Status.ToString().ToLowerInvariant(), isSelf)
        {
            Arms = m.Arms,
            Workers = m.Workers,
            Load = m.Load,
            Phi = Math.Round(m.Phi, 2),
        };

    private static void Counter(PrometheusText text, string name, string help, double value) => text.Family(name, "counter", help).Sample(name, value);

    private static void Gauge(PrometheusText text, string name, string help, double value) => text.Family(name, "gauge", help).Sample(name, value);
}
