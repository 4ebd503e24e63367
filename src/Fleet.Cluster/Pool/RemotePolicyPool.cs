using Fleet.Actors;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Cluster.Pool;

/// <summary>
/// The robot side of the remote policy pool: an actor that takes <see cref="PredictChunk"/> (the same protocol as the
/// embedded pool) and answers the sender with one <see cref="PredictChunkReply"/>, or with none when the deadline
/// passes first. Requests go to <c>fleet.policy.{policy}.requests</c> with a per-message expiry equal to the time left
/// to their deadline; replies come back on this node's reply queue, correlated by arm and request id. At most one
/// request per arm is in flight: a second is refused with an error reply. A reply for a request that expired or is not
/// the arm's current one is discarded and counted. A full queue, an unserved policy or a lost broker fail the request
/// at once with an error reply that says which.
/// </summary>
public sealed partial class RemotePolicyPool : ReceiveActor, IWithTimers
{
    private readonly ITransport _transport;
    private readonly WireCodec _codec;
    private readonly RemotePoolOptions _options;
    private readonly RemotePoolCounters _counters;
    private readonly ILogger _log;
    private readonly Dictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declaredPolicies = new(StringComparer.Ordinal);
    private IConsumer? _replies;

    /// <summary>Called by <see cref="Props"/>.</summary>
    public RemotePolicyPool(ITransport transport, WireCodec codec, RemotePoolOptions options, RemotePoolCounters counters, ILogger log)
    {
        _transport = transport;
        _codec = codec;
        _options = options;
        _counters = counters;
        _log = log;
        ReceiveAsync<Start>(_ => StartAsync());
        Receive<PredictChunk>(HandlePredict);
        Receive<Published>(HandlePublished);
        Receive<ReplyArrived>(HandleReply);
        Receive<DeadlinePassed>(HandleDeadline);
        Receive<Fleet.Actors.PolicyPool.GetPoolStats>(_ => Sender.Tell(Stats(), Self));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Props of the pool. <paramref name="counters"/> is shared with whoever inspects the pool; the transport is the
    /// node's and outlives the actor.
    /// </summary>
    public static Props Props(ITransport transport, WireCodec codec, RemotePoolOptions options, RemotePoolCounters? counters = null, ILogger? logger = null) =>
        Fleet.Actors.Props.Create(() => new RemotePolicyPool(transport, codec, options, counters ?? new RemotePoolCounters(), logger ?? NullLogger.Instance));

    /// <inheritdoc />
    protected override void PreStart() => Self.Tell(new Start(), Self);

    /// <inheritdoc />
    protected override void PostStop()
    {
        // Fire and forget: the channel closes with its consumer; nothing here may block the actor's stop.
        _ = _replies?.DisposeAsync().AsTask();
    }

    private async Task StartAsync()
    {
        var queue = Topology.ReplyQueue(_options.Node);
        await _transport.DeclareQueueAsync(Topology.ReplyQueueSpec(_options.Node, _options.EffectiveRequestDeadline), CancellationToken.None).ConfigureAwait(false);
        var self = Self;
        _replies = await _transport.ConsumeAsync(queue, 64, async (delivery, ct) =>
        {
            // Replies are not work: take them off the broker at once and let the actor sort them out.
            self.Tell(new ReplyArrived(delivery.Message), self);
            await delivery.AckAsync(ct).ConfigureAwait(false);
        }, CancellationToken.None).ConfigureAwait(false);
    }

    // The admin API's /api/pool and /metrics ask every pool the same question; a remote pool has no local workers or
    // queue, so it answers one "remote:<policy>" row per policy it has sent to, with the node-wide counters on the first.
    private Fleet.Actors.PolicyPool.PoolStats Stats()
    {
        var c = _counters;
        var policies = _declaredPolicies.Count == 0 ? ["remote"] : _declaredPolicies.Order(StringComparer.Ordinal).Select(p => $"remote:{p}").ToList();
        return new(policies.Select((p, i) => i == 0
            ? new Fleet.Actors.PolicyPool.PolicyPoolStats(p, 0, _inFlight.Count, 0, c.Answered, c.Overloaded + c.Unavailable, c.RefusedInFlight, c.Expired, 0)
            : new Fleet.Actors.PolicyPool.PolicyPoolStats(p, 0, 0, 0, 0, 0, 0, 0, 0)).ToList());
    }

    private static string Correlation(string arm, long requestId) => $"{arm}/{requestId}";

    private sealed record Start;
    private sealed record InFlight(long RequestId, IActorRef Requester, DateTimeOffset Deadline);
    private sealed record Published(string Arm, long RequestId, string Policy, PublishOutcome? Outcome, string? Error, bool BrokerDown = false);
    private sealed record ReplyArrived(TransportMessage Message);
    private sealed record DeadlinePassed(string Arm, long RequestId);
}
