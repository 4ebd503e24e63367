namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: the unbounded user-message queue: a lock-free multi-producer single-consumer queue of array
/// segments. A producer claims a slot with one atomic increment and writes the envelope into it: no allocation per
/// message (a new segment every few hundred messages), so a backlog of millions is a few large arrays for the GC,
/// not millions of small objects. Segments start at 4 slots (an idle actor stays small) and double up to 256.
/// </summary>
/// <remarks>
/// A slot is claimed before it is written, so the consumer may briefly see a claimed slot that is not yet published:
/// <see cref="TryDequeue"/> then returns false while <see cref="IsEmpty"/> still says "not empty", and the mailbox
/// takes another turn. <see cref="IsEmpty"/> looks at the claim counter, which producers update with a full fence,
/// so a message is never missed (see Mailbox.cs, step 2).
/// </remarks>
internal sealed class SegmentedMpscQueue
{
    private const int FirstSegmentSize = 4;
    private const int MaxSegmentSize = 256; // 6 KB: what a once-busy idle actor keeps at most

    private Segment _tail; // producers append here
    private Segment _head; // the consumer reads here
    private int _headIndex;

    internal SegmentedMpscQueue()
    {
        _head = _tail = new Segment(FirstSegmentSize);
    }

    internal bool IsEmpty
    {
        get
        {
            var head = Volatile.Read(ref _head);
            return Volatile.Read(ref _headIndex) >= Volatile.Read(ref head.Claimed) && Volatile.Read(ref head.Next) is null;
        }
    }

    internal void Enqueue(object message, IActorRef? sender)
    {
        var spin = new SpinWait();
        while (true)
        {
            var segment = Volatile.Read(ref _tail);
            var index = Interlocked.Increment(ref segment.Claimed) - 1;
            var slots = segment.Slots;
            if (index < slots.Length)
            {
                ref var slot = ref slots[index];
                slot.Message = message;
                slot.Sender = sender;
                Volatile.Write(ref slot.Published, 1);
                return;
            }
            if (index == slots.Length)
            {
                // This producer took the first slot past the end: it appends the next segment.
                var next = new Segment(Math.Min(slots.Length * 2, MaxSegmentSize));
                Volatile.Write(ref segment.Next, next);
                Volatile.Write(ref _tail, next);
                continue;
            }
            // Another producer is appending the next segment; wait for it to appear.
            while (Volatile.Read(ref _tail) == segment) spin.SpinOnce();
        }
    }

    /// <summary>Single consumer only.</summary>
    internal bool TryDequeue(out Envelope envelope)
    {
        var segment = _head;
        if (_headIndex == segment.Slots.Length)
        {
            var next = Volatile.Read(ref segment.Next);
            if (next is null)
            {
                envelope = default;
                return false;
            }
            Volatile.Write(ref _head, segment = next);
            Volatile.Write(ref _headIndex, 0);
        }
        ref var slot = ref segment.Slots[_headIndex];
        if (Volatile.Read(ref slot.Published) == 0)
        {
            envelope = default;
            return false;
        }
        envelope = new Envelope(slot.Message!, slot.Sender);
        slot.Message = null; // let the message be collected
        slot.Sender = null;
        Volatile.Write(ref _headIndex, _headIndex + 1);
        return true;
    }

    /// <summary>Messages waiting (approximate), at most <paramref name="limit"/>.</summary>
    internal int CountUpTo(int limit)
    {
        var segment = Volatile.Read(ref _head);
        var count = Math.Min(Volatile.Read(ref segment.Claimed), segment.Slots.Length) - Volatile.Read(ref _headIndex);
        for (var s = Volatile.Read(ref segment.Next); s is not null && count < limit; s = Volatile.Read(ref s.Next))
            count += Math.Min(Volatile.Read(ref s.Claimed), s.Slots.Length);
        return Math.Clamp(count, 0, limit);
    }

    private struct Slot
    {
        public object? Message;
        public IActorRef? Sender;
        public int Published;
    }

    private sealed class Segment(int size)
    {
        internal readonly Slot[] Slots = new Slot[size];
        internal int Claimed;
        internal Segment? Next;
    }
}
