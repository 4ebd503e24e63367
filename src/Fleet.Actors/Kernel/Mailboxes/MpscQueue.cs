namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: the unbounded user-message queue: an intrusive multi-producer single-consumer linked queue
/// (Vyukov). A producer does one allocation (the node, which is the envelope) and one atomic exchange; the
/// consumer takes no lock. An idle queue is a single empty node.
/// </summary>
/// <remarks>
/// Between a producer's exchange and its link write the queue looks empty to the consumer. That is safe because
/// the producer always tries to schedule the mailbox after linking (see <see cref="Mailbox"/>).
/// </remarks>
internal sealed class MpscQueue
{
    private Node _head; // the most recently enqueued node; producers swap it
    private Node _tail; // the consumer's stub; its Next is the oldest message

    internal MpscQueue()
    {
        _head = _tail = new Node(null!, null);
    }

    /// <summary>
    /// True when no producer has even started an enqueue. Based on the head, which producers publish with a full
    /// fence (the exchange), so "not empty" is never missed; a message may still be in the middle of being linked,
    /// in which case <see cref="TryDequeue"/> returns false for a moment.
    /// </summary>
    internal bool IsEmpty => Volatile.Read(ref _head) == _tail;

    /// <summary>Messages waiting, counted by walking the list (for introspection and routing), at most <paramref name="limit"/>.</summary>
    internal int CountUpTo(int limit)
    {
        var count = 0;
        for (var node = Volatile.Read(ref _tail).Next; node is not null && count < limit; node = Volatile.Read(ref node.Next)) count++;
        return count;
    }

    internal void Enqueue(object message, IActorRef? sender)
    {
        var node = new Node(message, sender);
        var previous = Interlocked.Exchange(ref _head, node);
        Volatile.Write(ref previous.Next, node);
    }

    /// <summary>Single consumer only.</summary>
    internal bool TryDequeue(out Envelope envelope)
    {
        var next = Volatile.Read(ref _tail.Next);
        if (next is null)
        {
            envelope = default;
            return false;
        }
        envelope = new Envelope(next.Message, next.Sender);
        // The dequeued node becomes the stub; drop its references so the message can be collected.
        next.Message = null!;
        next.Sender = null;
        Volatile.Write(ref _tail, next);
        return true;
    }

    private sealed class Node(object message, IActorRef? sender)
    {
        internal object Message = message;
        internal IActorRef? Sender = sender;
        internal Node? Next;
    }
}
