using Fleet.Actors;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Cluster.Broadcast;

/// <summary>
/// Fleet-wide STOP and RESUME, and operator commands, over the <see cref="Topology.ControlExchange"/> fanout: every node
/// has its own control queue bound to it, so one publish reaches every node. What arrives is published at once on the
/// node's actor-system <see cref="EventStream"/> as <see cref="FleetStop"/> / <see cref="FleetResume"/> /
/// <see cref="MemberCommand"/>; arm pipelines subscribe there and hold (or drop torque) within one tick. A STOP issued
/// on this node is also published locally before it goes to the broker, so local arms stop even when the broker is down.
/// RESUME is only ever sent by an explicit call; nothing resumes by itself.
/// </summary>
/// <remarks>
/// A node that starts (or whose control queue expired) after a broadcast never receives it. So every heartbeat carries
/// the last STOP or RESUME its node applied (<see cref="LastCommand"/>), and <see cref="Adopt"/> applies one that is
/// newer, by its issue time, than anything this node has applied: a late joiner holds its arms within a heartbeat of
/// meeting any stopped member. Explicit broadcasts always apply, whatever their time, so a RESUME from a host whose
/// clock is behind still lifts a STOP; only gossip is ordered by time, and it never reapplies a command older than the
/// newest one this node has seen.
/// </remarks>
public sealed class FleetBroadcast : IAsyncDisposable
{
    private readonly ITransport _transport;
    private readonly WireCodec _codec;
    private readonly string _node;
    private readonly EventStream? _events;
    private readonly ILogger _log;
    private IConsumer? _consumer;
    private long _stops, _resumes, _malformed;
    private readonly Lock _gate = new();
    private object? _lastCommand;
    private DateTimeOffset _newestIssuedAt = DateTimeOffset.MinValue;
    private long _adopted;

    /// <summary>Creates the broadcast endpoint of <paramref name="node"/>; <paramref name="events"/> may be null on a CLI.</summary>
    public FleetBroadcast(ITransport transport, WireCodec codec, string node, EventStream? events, ILogger? logger = null)
    {
        _transport = transport;
        _codec = codec;
        _node = node;
        _events = events;
        _log = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised (on the transport's thread) for every STOP, RESUME or command received; keep handlers short.</summary>
    public event Action<object>? Received;

    /// <summary>The STOP in force (last STOP not yet followed by a RESUME), or null.</summary>
    public FleetStop? ActiveStop
    {
        get { lock (_gate) return _lastCommand as FleetStop; }
    }

    /// <summary>The last <see cref="FleetStop"/> or <see cref="FleetResume"/> this node applied, or null; heartbeats carry it.</summary>
    public object? LastCommand
    {
        get { lock (_gate) return _lastCommand; }
    }

    /// <summary>STOPs and RESUMEs learned from other members' heartbeats instead of the broadcast (late joins).</summary>
    public long Adopted => Interlocked.Read(ref _adopted);

    /// <summary>STOPs received from the broker.</summary>
    public long StopsReceived => Interlocked.Read(ref _stops);

    /// <summary>RESUMEs received from the broker.</summary>
    public long ResumesReceived => Interlocked.Read(ref _resumes);

    /// <summary>Control messages that could not be decoded (logged and dropped).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Declares the control exchange and this node's queue and starts receiving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _transport.DeclareBroadcastAsync(Topology.ControlExchange, durable: true, cancellationToken).ConfigureAwait(false);
        var queue = Topology.ControlQueueSpec(_node);
        await _transport.DeclareQueueAsync(queue, cancellationToken).ConfigureAwait(false);
        await _transport.BindAsync(queue.Name, Topology.ControlExchange, cancellationToken).ConfigureAwait(false);
        _consumer = await _transport.ConsumeAsync(queue.Name, 16, OnDeliveryAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops this node's arms now and every other node's as the broadcast arrives.</summary>
    /// <exception cref="TransportUnavailableException">The broker is unreachable: only this node's arms were stopped.</exception>
    public async Task StopFleetAsync(string reason, bool disableTorque, CancellationToken cancellationToken)
    {
        var stop = new FleetStop(_node, reason, DateTimeOffset.UtcNow, disableTorque);
        Deliver(stop);
        await PublishAsync(stop, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lifts a fleet-wide STOP on every node.</summary>
    /// <exception cref="TransportUnavailableException">The broker is unreachable: nothing was resumed.</exception>
    public Task ResumeFleetAsync(string reason, CancellationToken cancellationToken) =>
        PublishAsync(new FleetResume(_node, reason, DateTimeOffset.UtcNow), cancellationToken);

    /// <summary>
    /// Applies the fleet-wide command another member's heartbeat carries when it was issued after every command this
    /// node has applied (see the remarks on the class); returns true when it was applied.
    /// </summary>
    public bool Adopt(MemberHeartbeat heartbeat)
    {
        if (heartbeat.Node == _node) return false;
        object? command = (object?)heartbeat.LastStop ?? heartbeat.LastResume;
        if (command is null) return false;
        // The newer-than check and the apply are one step under the lock: two heartbeats handled at once cannot apply
        // an older command after a newer one.
        if (!Deliver(command, onlyIfNewer: true)) return false;
        Interlocked.Increment(ref _adopted);
        _log.LogWarning("Learned the fleet's last command from {Node}'s heartbeat (this node missed its broadcast).", heartbeat.Node);
        return true;
    }

    /// <summary>
    /// Publishes the STOP in force again on the EventStream (nothing when none is). The EventStream keeps no state, so
    /// an arm that subscribes after the STOP arrived (an arm still starting, or one its supervisor restarted) learns
    /// of it from the next reassertion; arms treat a repeated STOP as the same STOP. <see cref="ClusterNode"/> calls
    /// this every heartbeat interval.
    /// </summary>
    public void Reassert()
    {
        lock (_gate)
        {
            if (_lastCommand is FleetStop stop) _events?.Publish(stop);
        }
    }

    /// <summary>Sends an operator command (leave, down) to every node.</summary>
    /// <exception cref="TransportUnavailableException">The broker is unreachable.</exception>
    public Task SendCommandAsync(MemberCommand command, CancellationToken cancellationToken) => PublishAsync(command, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_consumer is { } c) await c.DisposeAsync().ConfigureAwait(false);
    }

    private async Task PublishAsync(object message, CancellationToken cancellationToken)
    {
        var encoded = _codec.Encode(message);
        var outcome = await _transport.PublishAsync(Destination.Broadcast(Topology.ControlExchange), new TransportMessage(encoded.Manifest, encoded.Body), cancellationToken).ConfigureAwait(false);
        if (outcome != PublishOutcome.Accepted)
            _log.LogWarning("{Manifest} from {Node} reached no node ({Outcome}): no node has a control queue bound yet.", encoded.Manifest, _node, outcome);
    }

    private async ValueTask OnDeliveryAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var m = delivery.Message;
        if (_codec.TryDecode(m.Manifest, m.Body.Span, out var message, out var error) && message is FleetStop or FleetResume or MemberCommand)
        {
            if (message is FleetStop) Interlocked.Increment(ref _stops);
            if (message is FleetResume) Interlocked.Increment(ref _resumes);
            Deliver(message!);
        }
        else
        {
            Interlocked.Increment(ref _malformed);
            _log.LogError("Dropped a malformed control message on {Queue}: {Error}", delivery.Queue, error ?? $"{m.Manifest} is not a control message");
        }
        await delivery.AckAsync(cancellationToken).ConfigureAwait(false);
    }

    // Applies and publishes a control message; with onlyIfNewer (gossip) only one issued after everything applied so
    // far. Returns whether it was applied.
    private bool Deliver(object message, bool onlyIfNewer = false)
    {
        lock (_gate)
        {
            if (onlyIfNewer && IssuedAt(message) <= _newestIssuedAt) return false;
            if (message is FleetStop or FleetResume)
            {
                // The same STOP arriving twice (broadcast after gossip, or a redelivery) is applied once.
                if (message is FleetStop again && _lastCommand is FleetStop active && SameCommand(active, again)) return false;
                _lastCommand = message;
                if (IssuedAt(message) > _newestIssuedAt) _newestIssuedAt = IssuedAt(message);
            }
            // Published under the lock so that Reassert can never put an old STOP on the stream after its RESUME.
            _events?.Publish(message);
        }
        switch (message)
        {
            case FleetStop stop:
                _log.LogWarning("FLEET STOP from {Origin}: {Reason} (torque {Torque}).", stop.Origin, stop.Reason, stop.DisableTorque ? "off" : "held");
                break;
            case FleetResume resume:
                _log.LogWarning("Fleet RESUME from {Origin}: {Reason}.", resume.Origin, resume.Reason);
                break;
        }
        Received?.Invoke(message);
        return true;
    }

    private static DateTimeOffset IssuedAt(object command) => command switch
    {
        FleetStop s => s.IssuedAt,
        FleetResume r => r.IssuedAt,
        _ => DateTimeOffset.MinValue,
    };

    // Wire times have microsecond resolution, so a command compares equal to its own round trip.
    private static bool SameCommand(FleetStop a, FleetStop b) => a.Origin == b.Origin && a.IssuedAt.UtcTicks / 10 == b.IssuedAt.UtcTicks / 10;
}
