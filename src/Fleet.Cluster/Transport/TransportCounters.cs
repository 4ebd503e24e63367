namespace Fleet.Cluster.Transport;

/// <summary>What a transport did, for logs, metrics and <c>fleet broker show</c>. Thread-safe monotonic counters.</summary>
public sealed class TransportCounters
{
    private long _published, _rejected, _unroutable, _delivered, _connectionsLost, _reconnects, _reconnectFailures;

    /// <summary>Publishes the broker confirmed.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Publishes refused because the queue was full.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Publishes no queue took.</summary>
    public long Unroutable => Interlocked.Read(ref _unroutable);

    /// <summary>Deliveries handed to consumers.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Times the connection to the broker was lost.</summary>
    public long ConnectionsLost => Interlocked.Read(ref _connectionsLost);

    /// <summary>Times the connection was re-established after a loss.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Reconnection attempts that failed (the broker was still away).</summary>
    public long ReconnectFailures => Interlocked.Read(ref _reconnectFailures);

    internal void CountPublish(PublishOutcome outcome)
    {
        switch (outcome)
        {
            case PublishOutcome.Accepted: Interlocked.Increment(ref _published); break;
            case PublishOutcome.Rejected: Interlocked.Increment(ref _rejected); break;
            default: Interlocked.Increment(ref _unroutable); break;
        }
    }

    internal void CountDelivered() => Interlocked.Increment(ref _delivered);
    internal void CountConnectionLost() => Interlocked.Increment(ref _connectionsLost);
    internal void CountReconnect() => Interlocked.Increment(ref _reconnects);
    internal void CountReconnectFailure() => Interlocked.Increment(ref _reconnectFailures);

    /// <inheritdoc />
    public override string ToString() =>
        $"published {Published}, rejected {Rejected}, unroutable {Unroutable}, delivered {Delivered}, " +
        $"connections lost {ConnectionsLost}, reconnects {Reconnects}, failed reconnect attempts {ReconnectFailures}";
}
