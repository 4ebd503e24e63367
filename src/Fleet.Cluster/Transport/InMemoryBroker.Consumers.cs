using System.Threading.Channels;

namespace Fleet.Cluster.Transport;

// Consumers, prefetch windows, acknowledgement and redelivery.
public sealed partial class InMemoryBroker
{
    internal MemoryConsumer AddConsumer(string queue, ushort prefetch, object owner, Func<Delivery, CancellationToken, ValueTask> onDelivery)
    {
        List<MemoryConsumer> toPump;
        MemoryConsumer consumer;
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q)) throw new InvalidOperationException($"Cannot consume: queue '{queue}' was not declared.");
            consumer = new MemoryConsumer(this, q, Math.Max((ushort)1, prefetch), owner, onDelivery);
            q.Consumers.Add(consumer);
            toPump = DispatchUnsynchronized([q], _time.GetUtcNow());
        }
        Pump(toPump);
        consumer.Start();
        return consumer;
    }

    /// <summary>Stops deliveries to the consumer; with <paramref name="requeueUnacked"/> its unacknowledged messages go back to the queue.</summary>
    internal void RemoveConsumer(MemoryConsumer consumer, bool requeueUnacked)
    {
        List<MemoryConsumer> toPump;
        lock (_gate)
        {
            consumer.Queue.Consumers.Remove(consumer);
            consumer.Stopped = true;
            if (!requeueUnacked) return;
            foreach (var stored in consumer.Unacked.Values.Reverse())
                consumer.Queue.Ready.AddFirst(stored with { Redelivered = true });
            consumer.Unacked.Clear();
            consumer.Closed = true;
            toPump = DispatchUnsynchronized([consumer.Queue], _time.GetUtcNow());
        }
        consumer.Complete();
        Pump(toPump);
    }

    /// <summary>Every consumer of <paramref name="owner"/> (one transport = one connection).</summary>
    internal IReadOnlyList<MemoryConsumer> ConsumersOf(object owner)
    {
        lock (_gate) return _queues.Values.SelectMany(q => q.Consumers).Where(c => c.Owner == owner).ToList();
    }

    private void Settle(MemoryConsumer consumer, long tag, bool ack, bool requeue)
    {
        List<MemoryConsumer> toPump;
        lock (_gate)
        {
            // A settle after the connection died is a no-op, as on a real broker (the message was already requeued).
            if (consumer.Closed || !consumer.Unacked.Remove(tag, out var stored)) return;
            if (!ack && requeue) consumer.Queue.Ready.AddFirst(stored with { Redelivered = true });
            toPump = DispatchUnsynchronized([consumer.Queue], _time.GetUtcNow());
        }
        Pump(toPump);
    }

    // Hands ready messages to consumers with room in their prefetch window, round robin. Runs under the lock;
    // the deliveries are queued to each consumer's own channel and run outside it.
    private List<MemoryConsumer> DispatchUnsynchronized(IEnumerable<MemoryQueue> queues, DateTimeOffset now)
    {
        var touched = new List<MemoryConsumer>();
        foreach (var q in queues)
        {
            q.DropExpired(now);
            while (q.Ready.First is { } head)
            {
                var consumer = NextWithRoom(q);
                if (consumer is null) break;
                q.Ready.RemoveFirst();
                var tag = ++consumer.LastTag;
                consumer.Unacked[tag] = head.Value;
                consumer.Pending.Enqueue((tag, head.Value));
                if (!touched.Contains(consumer)) touched.Add(consumer);
            }
        }
        return touched;
    }

    private static MemoryConsumer? NextWithRoom(MemoryQueue q)
    {
        for (var i = 0; i < q.Consumers.Count; i++)
        {
            var c = q.Consumers[(q.NextConsumer + i) % q.Consumers.Count];
            if (c.Stopped || c.Unacked.Count >= c.Prefetch) continue;
            q.NextConsumer = (q.NextConsumer + i + 1) % q.Consumers.Count;
            return c;
        }
        return null;
    }

    private void Pump(List<MemoryConsumer> consumers)
    {
        foreach (var c in consumers)
        {
            lock (_gate)
            {
                while (c.Pending.TryDequeue(out var item))
                {
                    var (tag, stored) = item;
                    var delivery = new Delivery(c.Queue.Spec.Name, stored.Message, stored.Redelivered,
                        (ack, requeue, _) =>
                        {
                            Settle(c, tag, ack, requeue);
                            return ValueTask.CompletedTask;
                        });
                    c.Inbox.Writer.TryWrite(delivery);
                }
            }
        }
    }

    internal sealed class MemoryConsumer(InMemoryBroker broker, MemoryQueue queue, ushort prefetch, object owner, Func<Delivery, CancellationToken, ValueTask> onDelivery)
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public MemoryQueue Queue { get; } = queue;
        public ushort Prefetch { get; } = prefetch;
        public object Owner { get; } = owner;
        public Dictionary<long, Stored> Unacked { get; } = [];
        public Queue<(long Tag, Stored Stored)> Pending { get; } = new();
        public Channel<Delivery> Inbox { get; } = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
        public long LastTag { get; set; }
        public bool Stopped { get; set; }
        public bool Closed { get; set; }
        public InMemoryBroker Broker { get; } = broker;

        public void Start() => _loop = Task.Run(RunAsync);

        public void Complete()
        {
            Inbox.Writer.TryComplete();
            _stop.Cancel();
        }

        public Task Completion => _loop;

        private async Task RunAsync()
        {
            try
            {
                await foreach (var delivery in Inbox.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                {
                    Broker.CountDelivered(Owner);
                    await onDelivery(delivery, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // consumer cancelled: its unacked deliveries were requeued by RemoveConsumer
            }
        }
    }

    private void CountDelivered(object owner)
    {
        if (owner is InMemoryTransport t) t.Counters.CountDelivered();
    }
}
