using Fleet.Actors;
using Fleet.Cluster.Broadcast;
using Fleet.Cluster.Membership;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Cluster;

/// <summary>
/// A node's membership in the cluster: sends a heartbeat (roles, arms, workers, load, own status) every
/// <see cref="ClusterNodeOptions.HeartbeatInterval"/> to the <see cref="Topology.HeartbeatExchange"/> fanout, keeps the
/// <see cref="ClusterMembership"/> table from everyone's heartbeats, and carries the node's <see cref="FleetBroadcast"/>.
/// Status changes are logged and published on the EventStream as <see cref="MemberStatusChanged"/>. A <c>leave</c>
/// command for this node runs <see cref="LeaveAsync"/>: Leaving (workers stop consuming and finish their batch,
/// through <see cref="Leaving"/>), then Exiting, then heartbeats stop. A <c>down</c> command for this node does the same
/// (a downed node must not keep taking work); restart it to rejoin as a new incarnation. While the broker is away heartbeats fail
/// quietly (counted) and resume after the transport reconnects.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ITransport _transport;
    private readonly WireCodec _codec;
    private readonly EventStream? _events;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _incarnation = Guid.NewGuid().ToString("N")[..12];
    private IConsumer? _heartbeats;
    private Task _loop = Task.CompletedTask;
    private ulong _sequence;
    private long _heartbeatFailures;
    private volatile int _status = (int)MemberStatus.Joining;
    private readonly Lock _leaveLock = new();
    private Task? _leaving;

    /// <summary>Creates the node's cluster presence; nothing is sent until <see cref="StartAsync"/>.</summary>
    public ClusterNode(ITransport transport, WireCodec codec, ClusterNodeOptions options, EventStream? events = null, ILogger? logger = null, TimeProvider? clock = null)
    {
        _transport = transport;
        _codec = codec;
        _events = events;
        _log = logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        Options = options;
        Membership = new ClusterMembership(options.Node, options.FailureDetector, _clock);
        Broadcast = new FleetBroadcast(transport, codec, options.Node, events, logger);
        Broadcast.Received += OnControl;
    }

    /// <summary>The options in force.</summary>
    public ClusterNodeOptions Options { get; }

    /// <summary>The membership table.</summary>
    public ClusterMembership Membership { get; }

    /// <summary>STOP / RESUME / commands.</summary>
    public FleetBroadcast Broadcast { get; }

    /// <summary>This node's own status, as its heartbeats report it.</summary>
    public MemberStatus Status => (MemberStatus)_status;

    /// <summary>Heartbeats that could not be sent (broker away).</summary>
    public long HeartbeatFailures => Interlocked.Read(ref _heartbeatFailures);

    /// <summary>Supplies the arms, workers and load for each heartbeat; <see cref="NodeLoad.Idle"/> when unset.</summary>
    public Func<NodeLoad>? LoadSource { get; set; }

    /// <summary>Runs when this node leaves, between Leaving and Exiting: stop consuming and finish in-flight work here.</summary>
    public Func<CancellationToken, Task>? Leaving { get; set; }

    /// <summary>Completes when the node has left (after Exiting) or was disposed.</summary>
    public Task Completion => _loop;

    /// <summary>Declares the heartbeat topology, starts receiving heartbeats and control messages, and starts beating.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _transport.DeclareBroadcastAsync(Topology.HeartbeatExchange, durable: true, cancellationToken).ConfigureAwait(false);
        var queue = Topology.HeartbeatQueueSpec(Options.Node);
        await _transport.DeclareQueueAsync(queue, cancellationToken).ConfigureAwait(false);
        await _transport.BindAsync(queue.Name, Topology.HeartbeatExchange, cancellationToken).ConfigureAwait(false);
        _heartbeats = await _transport.ConsumeAsync(queue.Name, 64, OnHeartbeatAsync, cancellationToken).ConfigureAwait(false);
        await Broadcast.StartAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => BeatAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// Leaves gracefully: Leaving, run <see cref="Leaving"/>, Exiting, stop heartbeats. Idempotent: a second caller (an
    /// operator's <c>leave</c>, then SIGTERM) waits for the same leave instead of returning while workers still finish
    /// their batch. The first caller's token bounds the leave itself; a later caller's token bounds only its own wait.
    /// </summary>
    public Task LeaveAsync(CancellationToken cancellationToken)
    {
        lock (_leaveLock) _leaving ??= LeaveOnceAsync(cancellationToken);
        return _leaving.WaitAsync(cancellationToken);
    }

    private async Task LeaveOnceAsync(CancellationToken cancellationToken)
    {
        await Task.Yield(); // the leave runs outside the lock
        if (Interlocked.CompareExchange(ref _status, (int)MemberStatus.Leaving, (int)MemberStatus.Up) != (int)MemberStatus.Up &&
            Interlocked.CompareExchange(ref _status, (int)MemberStatus.Leaving, (int)MemberStatus.Joining) != (int)MemberStatus.Joining)
            return;
        _log.LogInformation("Node {Node} is leaving the cluster.", Options.Node);
        await SendHeartbeatAsync(cancellationToken).ConfigureAwait(false);
        if (Leaving is { } leaving) await leaving(cancellationToken).ConfigureAwait(false);
        _status = (int)MemberStatus.Exiting;
        await SendHeartbeatAsync(cancellationToken).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        _log.LogInformation("Node {Node} left the cluster.", Options.Node);
    }

    /// <summary>Broadcasts an operator command to mark <paramref name="node"/> Down everywhere.</summary>
    public Task DownAsync(string node, CancellationToken cancellationToken) =>
        Broadcast.SendCommandAsync(new MemberCommand(node, MemberCommandKind.Down, Options.Node), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        if (_heartbeats is { } h) await h.DisposeAsync().ConfigureAwait(false);
        await Broadcast.DisposeAsync().ConfigureAwait(false);
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.EffectiveHeartbeatInterval, _clock);
        try
        {
            do
            {
                await SendHeartbeatAsync(cancellationToken).ConfigureAwait(false);
                Report(Membership.Tick());
                Broadcast.Reassert();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // left or disposed: Completion completes normally
        }
    }

    private async Task SendHeartbeatAsync(CancellationToken cancellationToken)
    {
        var load = LoadSource?.Invoke() ?? NodeLoad.Idle;
        var last = Broadcast.LastCommand;
        var heartbeat = new MemberHeartbeat(Options.Node, _incarnation, Interlocked.Increment(ref _sequence), _clock.GetUtcNow(),
            Options.Roles, load.Arms, load.Workers, Math.Clamp(load.Load, 0, 1), Status)
        {
            LastStop = last as FleetStop,
            LastResume = last as FleetResume,
        };
        var encoded = _codec.Encode(heartbeat);
        try
        {
            await _transport.PublishAsync(Destination.Broadcast(Topology.HeartbeatExchange), new TransportMessage(encoded.Manifest, encoded.Body), cancellationToken).ConfigureAwait(false);
        }
        catch (TransportUnavailableException e)
        {
            if (Interlocked.Increment(ref _heartbeatFailures) % 10 == 1)
                _log.LogWarning("Node {Node} cannot send heartbeats ({Failures} failed so far): {Error}", Options.Node, HeartbeatFailures, e.Message);
        }
    }

    private async ValueTask OnHeartbeatAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var m = delivery.Message;
        if (_codec.TryDecode(m.Manifest, m.Body.Span, out var message, out var error) && message is MemberHeartbeat heartbeat)
        {
            if (heartbeat.Node == Options.Node && heartbeat.Incarnation == _incarnation && Status == MemberStatus.Joining)
                Interlocked.CompareExchange(ref _status, (int)MemberStatus.Up, (int)MemberStatus.Joining); // our own heartbeat made the round trip
            Report(Membership.OnHeartbeat(heartbeat));
            Broadcast.Adopt(heartbeat);
        }
        else
        {
            _log.LogError("Dropped a malformed heartbeat on {Queue}: {Error}", delivery.Queue, error ?? $"{m.Manifest} is not a heartbeat");
        }
        await delivery.AckAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnControl(object message)
    {
        if (message is not MemberCommand command) return;
        if (command.Kind == MemberCommandKind.Down && Membership.Down(command.Target, command.Origin) is { } change) Report([change]);
        if (command.Target == Options.Node)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await LeaveAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _log.LogError(e, "Node {Node} failed while leaving on {Origin}'s command.", Options.Node, command.Origin);
                }
            });
        }
    }

    private void Report(IReadOnlyList<MemberStatusChanged> changes)
    {
        foreach (var change in changes)
        {
            _log.LogInformation("Member {Node}: {From} → {To} ({Reason}).", change.Node, change.From, change.To, change.Reason);
            _events?.Publish(change);
        }
    }
}
