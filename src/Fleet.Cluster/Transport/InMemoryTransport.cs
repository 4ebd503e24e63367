namespace Fleet.Cluster.Transport;

/// <summary>
/// One node's connection to an <see cref="InMemoryBroker"/>. Same contract as <see cref="RabbitMqTransport"/>
/// (see <see cref="ITransport"/>); <see cref="Kill"/> drops the connection the way a crashed process would.
/// </summary>
public sealed class InMemoryTransport(InMemoryBroker broker, string name) : ITransport
{
    private volatile bool _closed;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public TransportCounters Counters { get; } = new();

    /// <inheritdoc />
    public bool IsConnected => !_closed;

    /// <inheritdoc />
    public ValueTask DeclareQueueAsync(QueueSpec spec, CancellationToken cancellationToken)
    {
        EnsureOpen();
        broker.DeclareQueue(spec);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeclareBroadcastAsync(string exchange, bool durable, CancellationToken cancellationToken)
    {
        EnsureOpen();
        broker.DeclareExchange(exchange);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask BindAsync(string queue, string exchange, CancellationToken cancellationToken)
    {
        EnsureOpen();
        broker.Bind(queue, exchange);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<PublishOutcome> PublishAsync(Destination destination, TransportMessage message, CancellationToken cancellationToken)
    {
        EnsureOpen();
        // Copy the body as the wire would: the sender may reuse its buffer.
        var outcome = broker.Publish(destination, message with { Body = message.Body.ToArray() });
        Counters.CountPublish(outcome);
        return ValueTask.FromResult(outcome);
    }

    /// <inheritdoc />
    public ValueTask<IConsumer> ConsumeAsync(string queue, ushort prefetch, Func<Delivery, CancellationToken, ValueTask> onDelivery, CancellationToken cancellationToken)
    {
        EnsureOpen();
        var consumer = broker.AddConsumer(queue, prefetch, this, onDelivery);
        return ValueTask.FromResult<IConsumer>(new Handle(broker, consumer));
    }

    /// <summary>Drops the connection abruptly: consumers stop and their unacknowledged deliveries are redelivered to others.</summary>
    public void Kill()
    {
        _closed = true;
        foreach (var c in broker.ConsumersOf(this)) broker.RemoveConsumer(c, requeueUnacked: true);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private void EnsureOpen()
    {
        if (_closed) throw new TransportUnavailableException($"In-memory transport '{Name}' is closed.");
    }

    private sealed class Handle(InMemoryBroker broker, InMemoryBroker.MemoryConsumer consumer) : IConsumer
    {
        public string Queue => consumer.Queue.Spec.Name;

        public ValueTask StopAsync(CancellationToken cancellationToken)
        {
            broker.RemoveConsumer(consumer, requeueUnacked: false);
            return ValueTask.CompletedTask;
        }

        // Does not wait for the delivery loop: a handler may dispose its own consumer.
        public ValueTask DisposeAsync()
        {
            broker.RemoveConsumer(consumer, requeueUnacked: true);
            return ValueTask.CompletedTask;
        }
    }
}
