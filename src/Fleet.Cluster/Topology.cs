using Fleet.Cluster.Transport;

namespace Fleet.Cluster;

/// <summary>
/// Every queue and exchange name Fleet uses on the broker, and how each is declared. Nothing else in Fleet spells a
/// broker name. All names start with <c>fleet.</c> so one vhost can be shared with other applications.
/// <list type="bullet">
/// <item><c>fleet.policy.{policy}.requests</c>: requests for one policy; competing consumers on policy nodes.</item>
/// <item><c>fleet.node.{node}.replies</c>: chunks coming back to one robot node.</item>
/// <item><c>fleet.node.{node}.heartbeats</c> bound to <c>fleet.heartbeats</c>: every member's heartbeats.</item>
/// <item><c>fleet.node.{node}.control</c> bound to <c>fleet.control</c>: STOP, RESUME, leave/down commands.</item>
/// <item><c>fleet.dead-letter</c>: poison messages, with the reason in header <c>x-fleet-dead-letter-reason</c>.</item>
/// </list>
/// </summary>
public static class Topology
{
    /// <summary>Fanout exchange of heartbeats.</summary>
    public const string HeartbeatExchange = "fleet.heartbeats";

    /// <summary>Fanout exchange of STOP, RESUME and member commands.</summary>
    public const string ControlExchange = "fleet.control";

    /// <summary>Where poison messages are parked for people to inspect (<c>rabbitmqadmin get queue=fleet.dead-letter</c>).</summary>
    public const string DeadLetterQueue = "fleet.dead-letter";

    /// <summary>Header carrying why a message was dead-lettered, and where it came from.</summary>
    public const string DeadLetterReasonHeader = "x-fleet-dead-letter-reason";

    /// <summary>Header carrying the queue a dead-lettered message was taken from.</summary>
    public const string DeadLetterSourceHeader = "x-fleet-dead-letter-source";

    /// <summary>The request queue of <paramref name="policy"/>.</summary>
    public static string RequestQueue(string policy) => $"fleet.policy.{Check(policy, "policy")}.requests";

    /// <summary>The reply queue of <paramref name="node"/>.</summary>
    public static string ReplyQueue(string node) => $"fleet.node.{Check(node, "node")}.replies";

    /// <summary>The heartbeat queue of <paramref name="node"/>.</summary>
    public static string HeartbeatQueue(string node) => $"fleet.node.{Check(node, "node")}.heartbeats";

    /// <summary>The control queue of <paramref name="node"/>.</summary>
    public static string ControlQueue(string node) => $"fleet.node.{Check(node, "node")}.control";

    /// <summary>
    /// A policy's request queue: requests expire after <paramref name="requestDeadline"/> (nobody waits longer), and at
    /// most <paramref name="maxLength"/> wait; beyond that publishes are refused so robots see the overload at once.
    /// Durable, so it survives a broker restart and keeps its arguments.
    /// </summary>
    public static QueueSpec RequestQueueSpec(string policy, TimeSpan requestDeadline, int maxLength) =>
        new(RequestQueue(policy), Durable: true, MessageTtl: requestDeadline, MaxLength: maxLength);

    /// <summary>A node's reply queue: a reply older than the deadline is worthless; the queue of a node gone for a minute is deleted.</summary>
    public static QueueSpec ReplyQueueSpec(string node, TimeSpan requestDeadline) =>
        new(ReplyQueue(node), Durable: false, MessageTtl: requestDeadline, Expires: TimeSpan.FromMinutes(1));

    /// <summary>A node's heartbeat queue: a heartbeat older than 5 s says nothing about now.</summary>
    public static QueueSpec HeartbeatQueueSpec(string node) =>
        new(HeartbeatQueue(node), Durable: false, MessageTtl: TimeSpan.FromSeconds(5), Expires: TimeSpan.FromMinutes(1));

    /// <summary>A node's control queue: no expiry on STOP; deleted a minute after its node is gone.</summary>
    public static QueueSpec ControlQueueSpec(string node) => new(ControlQueue(node), Durable: false, Expires: TimeSpan.FromMinutes(1));

    /// <summary>The dead-letter queue: durable, capped so a poison flood cannot fill the broker's disk.</summary>
    public static QueueSpec DeadLetterQueueSpec { get; } = new(DeadLetterQueue, Durable: true, MaxLength: 10_000);

    private static string Check(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new ArgumentException($"The {what} name '{name}' cannot be part of a broker queue name: use 1..100 ASCII letters, digits, '-', '_' or '.'.", nameof(name));
        return name;
    }
}
