namespace Fleet.Cluster.Transport;

/// <summary>
/// The broker side of <see cref="InMemoryTransport"/>: queues and fanout exchanges shared by every transport made
/// from it, with RabbitMQ's semantics for what Fleet relies on: round-robin to consumers within their prefetch
/// windows, per-queue and per-message expiry, max length with reject-publish, requeue with the redelivered flag when a
/// consumer goes away. One lock guards everything: it is a test double and an embedded fallback, not a fast broker.
/// </summary>
public sealed partial class InMemoryBroker
{
    private readonly object _gate = new();
    private readonly Dictionary<string, MemoryQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _exchanges = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty broker; <paramref name="time"/> drives message expiry (tests may pass a fake).</summary>
    public InMemoryBroker(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Messages ready in <paramref name="queue"/> (not counting unacknowledged ones); 0 if it does not exist.</summary>
    public int ReadyCount(string queue)
    {
        lock (_gate) return _queues.TryGetValue(queue, out var q) ? q.Ready.Count : 0;
    }

    internal void DeclareQueue(QueueSpec spec)
    {
        lock (_gate)
        {
            if (_queues.TryGetValue(spec.Name, out var existing))
            {
                if (existing.Spec with { Durable = spec.Durable } != spec with { Durable = spec.Durable })
                    throw new InvalidOperationException($"Queue '{spec.Name}' exists with other arguments ({existing.Spec}); redeclared as {spec}.");
                return;
            }
            _queues[spec.Name] = new MemoryQueue(spec);
        }
    }

    internal void DeclareExchange(string exchange)
    {
        lock (_gate) _exchanges.TryAdd(exchange, new HashSet<string>(StringComparer.Ordinal));
    }

    internal void Bind(string queue, string exchange)
    {
        lock (_gate)
        {
            if (!_queues.ContainsKey(queue)) throw new InvalidOperationException($"Cannot bind: queue '{queue}' was not declared.");
            if (!_exchanges.TryGetValue(exchange, out var bound)) throw new InvalidOperationException($"Cannot bind: exchange '{exchange}' was not declared.");
            bound.Add(queue);
        }
    }

    internal PublishOutcome Publish(Destination destination, TransportMessage message)
    {
        List<MemoryConsumer> toPump;
        PublishOutcome outcome;
        lock (_gate)
        {
            var targets = Route(destination);
            if (targets.Count == 0) return PublishOutcome.Unroutable;
            outcome = PublishOutcome.Accepted;
            var now = _time.GetUtcNow();
            foreach (var q in targets)
            {
                q.DropExpired(now);
                if (q.Spec.MaxLength is { } max && q.Ready.Count >= max)
                {
                    outcome = PublishOutcome.Rejected;
                    continue;
                }
                var ttl = Min(q.Spec.MessageTtl, message.TimeToLive);
                q.Ready.AddLast(new Stored(message, ttl is { } t ? now + t : null, Redelivered: false));
            }
            toPump = DispatchUnsynchronized(targets, now);
        }
        Pump(toPump);
        return outcome;
    }

    private List<MemoryQueue> Route(Destination destination)
    {
        if (destination.Exchange.Length == 0)
            return _queues.TryGetValue(destination.RoutingKey, out var q) ? [q] : [];
        return _exchanges.TryGetValue(destination.Exchange, out var bound)
            ? bound.Select(name => _queues.GetValueOrDefault(name)).OfType<MemoryQueue>().ToList()
            : [];
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    internal sealed record Stored(TransportMessage Message, DateTimeOffset? ExpiresAt, bool Redelivered);

    internal sealed class MemoryQueue(QueueSpec spec)
    {
        public QueueSpec Spec { get; } = spec;
        public LinkedList<Stored> Ready { get; } = new();
        public List<MemoryConsumer> Consumers { get; } = [];
        public int NextConsumer { get; set; }

        public void DropExpired(DateTimeOffset now)
        {
            for (var node = Ready.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.ExpiresAt is { } at && at <= now) Ready.Remove(node);
                node = next;
            }
        }
    }
}
