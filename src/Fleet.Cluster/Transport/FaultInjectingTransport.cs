namespace Fleet.Cluster.Transport;

/// <summary>
/// Wraps another <see cref="ITransport"/> and injects the faults a real network and broker produce, after Akka.Remote's
/// failure-injector adapter: dropped publishes, a severed connection (every call fails with
/// <see cref="TransportUnavailableException"/>), added latency. With no fault switched on it is a pass-through and
/// passes the same contract suite as what it wraps. Switches may be flipped from any thread.
/// </summary>
public sealed class FaultInjectingTransport(ITransport inner) : ITransport
{
    private volatile Func<Destination, TransportMessage, bool>? _drop;
    private volatile bool _severed;
    private long _delayTicks;
    private long _dropped;

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public TransportCounters Counters => inner.Counters;

    /// <inheritdoc />
    public bool IsConnected => !_severed && inner.IsConnected;

    /// <summary>Publishes silently lost so far (they report <see cref="PublishOutcome.Accepted"/>, as a lost frame would).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Silently drops every publish for which <paramref name="predicate"/> is true; null stops dropping.</summary>
    public void DropWhere(Func<Destination, TransportMessage, bool>? predicate) => _drop = predicate;

    /// <summary>Severs (true) or restores (false) the connection: while severed every call throws <see cref="TransportUnavailableException"/>.</summary>
    public void Sever(bool severed) => _severed = severed;

    /// <summary>Adds <paramref name="delay"/> before every publish.</summary>
    public void Delay(TimeSpan delay) => Interlocked.Exchange(ref _delayTicks, delay.Ticks);

    /// <inheritdoc />
    public ValueTask DeclareQueueAsync(QueueSpec spec, CancellationToken cancellationToken)
    {
        EnsureConnected();
        return inner.DeclareQueueAsync(spec, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DeclareBroadcastAsync(string exchange, bool durable, CancellationToken cancellationToken)
    {
        EnsureConnected();
        return inner.DeclareBroadcastAsync(exchange, durable, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask BindAsync(string queue, string exchange, CancellationToken cancellationToken)
    {
        EnsureConnected();
        return inner.BindAsync(queue, exchange, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<PublishOutcome> PublishAsync(Destination destination, TransportMessage message, CancellationToken cancellationToken)
    {
        EnsureConnected();
        var delay = Interlocked.Read(ref _delayTicks);
        if (delay > 0) await Task.Delay(TimeSpan.FromTicks(delay), cancellationToken).ConfigureAwait(false);
        if (_drop is { } drop && drop(destination, message))
        {
            Interlocked.Increment(ref _dropped);
            return PublishOutcome.Accepted;
        }
        return await inner.PublishAsync(destination, message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IConsumer> ConsumeAsync(string queue, ushort prefetch, Func<Delivery, CancellationToken, ValueTask> onDelivery, CancellationToken cancellationToken)
    {
        EnsureConnected();
        // While severed, deliveries still arriving are withheld: they stay unacked and return to the queue on dispose.
        return inner.ConsumeAsync(queue, prefetch, (d, ct) => _severed ? ValueTask.CompletedTask : onDelivery(d, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void EnsureConnected()
    {
        if (_severed) throw new TransportUnavailableException($"Transport '{Name}' is severed by fault injection.");
    }
}
