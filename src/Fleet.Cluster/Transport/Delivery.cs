namespace Fleet.Cluster.Transport;

/// <summary>
/// A message handed to a consumer. It stays unacknowledged, counting against the consumer's prefetch, until
/// <see cref="AckAsync"/> or <see cref="RejectAsync"/>; if the consumer's connection dies first the broker redelivers
/// it to another consumer with <see cref="Redelivered"/> set. Settle each delivery exactly once.
/// </summary>
public sealed class Delivery
{
    private readonly Func<bool, bool, CancellationToken, ValueTask> _settle;
    private int _settled;

    /// <summary>Creates a delivery; <paramref name="settle"/>(ack, requeue, ct) acknowledges or rejects it at the transport.</summary>
    public Delivery(string queue, TransportMessage message, bool redelivered, Func<bool, bool, CancellationToken, ValueTask> settle)
    {
        Queue = queue;
        Message = message;
        Redelivered = redelivered;
        _settle = settle;
    }

    /// <summary>The queue it came from.</summary>
    public string Queue { get; }

    /// <summary>The message; its body is a private copy, valid after the handler returns.</summary>
    public TransportMessage Message { get; }

    /// <summary>True when an earlier consumer received it and died (or rejected it with requeue) before acknowledging.</summary>
    public bool Redelivered { get; }

    /// <summary>Acknowledges: the broker forgets the message. Fleet acks only after the reply is sent.</summary>
    /// <exception cref="InvalidOperationException">The delivery was already settled.</exception>
    public ValueTask AckAsync(CancellationToken cancellationToken) => Settle(true, false, cancellationToken);

    /// <summary>Rejects: back to the queue (<paramref name="requeue"/>) for another consumer, or dropped.</summary>
    /// <exception cref="InvalidOperationException">The delivery was already settled.</exception>
    public ValueTask RejectAsync(bool requeue, CancellationToken cancellationToken) => Settle(false, requeue, cancellationToken);

    private ValueTask Settle(bool ack, bool requeue, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
            throw new InvalidOperationException($"A delivery from queue '{Queue}' ({Message.Manifest}, {Message.CorrelationId}) was settled twice; that is a bug in its consumer.");
        return _settle(ack, requeue, cancellationToken);
    }
}
