namespace Fleet.Cluster.Transport;

/// <summary>
/// A node's connection to the message broker: declare queues and fanout exchanges, publish with confirmation, and
/// consume with a prefetch window and explicit acknowledgement. <see cref="RabbitMqTransport"/> is the real one,
/// <see cref="InMemoryTransport"/> the same semantics in one process, <see cref="FaultInjectingTransport"/> wraps
/// either to inject faults; all three pass one contract suite (tests/Fleet.Cluster.Tests/Transport).
/// Contract: a delivery not acknowledged when its consumer is disposed or its connection dies is redelivered to
/// another consumer with <see cref="Delivery.Redelivered"/> set; a full queue (max length, reject-publish) answers
/// <see cref="PublishOutcome.Rejected"/>; expired messages are never delivered. Thread-safe.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>The node (connection) name, shown by the broker's management tools.</summary>
    string Name { get; }

    /// <summary>Counters of what happened on this connection.</summary>
    TransportCounters Counters { get; }

    /// <summary>True while connected to the broker.</summary>
    bool IsConnected { get; }

    /// <summary>Declares a queue (idempotent with the same spec).</summary>
    ValueTask DeclareQueueAsync(QueueSpec spec, CancellationToken cancellationToken);

    /// <summary>Declares a fanout exchange (idempotent).</summary>
    ValueTask DeclareBroadcastAsync(string exchange, bool durable, CancellationToken cancellationToken);

    /// <summary>Binds <paramref name="queue"/> to the fanout <paramref name="exchange"/>.</summary>
    ValueTask BindAsync(string queue, string exchange, CancellationToken cancellationToken);

    /// <summary>Publishes and waits for the broker's confirmation.</summary>
    /// <exception cref="TransportUnavailableException">Not connected.</exception>
    ValueTask<PublishOutcome> PublishAsync(Destination destination, TransportMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Starts consuming <paramref name="queue"/>: at most <paramref name="prefetch"/> unacknowledged deliveries at a
    /// time, handed to <paramref name="onDelivery"/> one after another. Disposing the returned handle cancels the
    /// consumer and returns its unacknowledged deliveries to the queue.
    /// </summary>
    ValueTask<IConsumer> ConsumeAsync(string queue, ushort prefetch, Func<Delivery, CancellationToken, ValueTask> onDelivery, CancellationToken cancellationToken);
}

/// <summary>A running consumer. Dispose to cancel it and give its unacknowledged deliveries back.</summary>
public interface IConsumer : IAsyncDisposable
{
    /// <summary>The queue it consumes.</summary>
    string Queue { get; }

    /// <summary>
    /// Stops new deliveries but keeps the ones already received, so they can still be acknowledged (a leaving worker
    /// finishes its batch). Dispose afterwards.
    /// </summary>
    ValueTask StopAsync(CancellationToken cancellationToken);
}
