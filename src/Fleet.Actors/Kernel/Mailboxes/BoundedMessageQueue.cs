namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: the bounded user-message queue. Bounded mailboxes are for back-pressure and freshness, not for
/// the hot path, so a lock keeps DropOldest (which must remove from the consumer's end) simple and exact.
/// </summary>
internal sealed class BoundedMessageQueue
{
    private readonly Queue<Envelope> _items = new();
    private readonly SemaphoreSlim? _space;

    internal BoundedMessageQueue(int capacity, MailboxOverflow overflow)
    {
        Capacity = capacity;
        Overflow = overflow;
        if (overflow == MailboxOverflow.Wait) _space = new SemaphoreSlim(capacity, capacity);
    }

    internal int Capacity { get; }

    internal MailboxOverflow Overflow { get; }

    internal int Count
    {
        get { lock (_items) return _items.Count; }
    }

    /// <summary>
    /// Adds without waiting. Returns false when <paramref name="envelope"/> itself was dropped; <paramref name="dropped"/>
    /// is whatever was dropped (the new envelope, or the oldest one under DropOldest).
    /// </summary>
    internal bool Offer(Envelope envelope, out Envelope? dropped)
    {
        dropped = null;
        if (_space is not null)
        {
            if (!_space.Wait(0))
            {
                dropped = envelope;
                return false;
            }
            lock (_items) _items.Enqueue(envelope);
            return true;
        }
        lock (_items)
        {
            if (_items.Count < Capacity)
            {
                _items.Enqueue(envelope);
                return true;
            }
            if (Overflow == MailboxOverflow.DropNewest)
            {
                dropped = envelope;
                return false;
            }
            dropped = _items.Dequeue();
            _items.Enqueue(envelope);
            return true;
        }
    }

    /// <summary>Waits for room (Wait mode only), then adds.</summary>
    internal async ValueTask WaitAndAddAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        if (_space is null) throw new InvalidOperationException("Only a Wait mailbox waits for room.");
        if (!_space.Wait(0)) await _space.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_items) _items.Enqueue(envelope);
    }

    internal bool TryDequeue(out Envelope envelope)
    {
        lock (_items)
        {
            if (!_items.TryDequeue(out envelope)) return false;
        }
        _space?.Release();
        return true;
    }
}
