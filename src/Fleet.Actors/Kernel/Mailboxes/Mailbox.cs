// The message path, end to end (read this first):
//
//  1. tell      IActorRef.Tell(msg, sender) → LocalActorRef → Mailbox.Post. A stopped actor's mailbox is
//               closed: the message becomes a DeadLetter on the event stream.
//  2. enqueue   Unbounded: SegmentedMpscQueue.Enqueue (one atomic increment claims a slot in an array segment,
//               no lock, no allocation per message). The increment is a full fence: it orders "message claimed"
//               before "read the scheduling flag" (step 3), and the actor's emptiness check reads the claims.
//               Bounded: BoundedMessageQueue.Offer under a lock, which may drop (DropNewest/DropOldest, or a
//               plain Tell to a full Wait mailbox); each drop is a counted DeadLetter. Then a full fence.
//  3. schedule  One int flag per mailbox: Idle → Scheduled by CompareExchange. Only the sender that wins hands
//               the mailbox to its dispatcher (thread pool work item, or the actor's own pinned thread).
//  4. run       Execute(): all system messages first (Create, Terminate, Failed, Watch, ...), then up to
//               `throughput` user messages, re-checking the system queue after every one: a system message
//               overtakes the user messages still queued. One turn at a time per actor, so the actor sees
//               one message at a time. At the end the flag returns to Idle with an atomic exchange and, if
//               anything arrived meanwhile, the mailbox schedules itself again (no lost wake-up).
//  5. invoke    ActorCell.Invoke: PoisonPill/Kill/timer/Terminated are handled by the cell, everything else goes
//               to the actor's current behaviour; no handler → Unhandled → UnhandledMessage on the event stream.
//  6. fail      An exception suspends the actor (user messages stop, system messages still flow) and its
//               children, and sends Failed(child, cause) to the parent as a system message. The failing
//               message is not re-delivered.
//  7. decide    The parent's SupervisorStrategy maps the exception to Resume / Restart / Stop / Escalate.
//               Restart keeps this mailbox: the new instance continues with the next message.

namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: an actor's two queues (system and user), its scheduling flag and its counters. See the
/// message path at the top of this file.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private readonly ActorCell _cell;
    private readonly SegmentedMpscQueue? _unbounded;
    private readonly BoundedMessageQueue? _bounded;
    private SystemNode? _systemHead; // latest-first stack; reversed when drained
    private Queue<Envelope>? _prepended; // unstashed messages, handled before the queue
    private int _status;
    private volatile bool _closed;
    private long _dropped;

    internal Mailbox(ActorCell cell, MailboxOptions options)
    {
        _cell = cell;
        if (options.Capacity is { } capacity) _bounded = new BoundedMessageQueue(capacity, options.Overflow);
        else _unbounded = new SegmentedMpscQueue();
    }

    /// <summary>
    /// Messages waiting (approximate while senders are active). The unbounded queue keeps no counter, so that
    /// senders and the actor share no written memory on the hot path; it is counted by walking, up to 100,000.
    /// </summary>
    internal int Depth => (_bounded?.Count ?? _unbounded!.CountUpTo(100_000)) + (_prepended?.Count ?? 0);

    /// <summary>Messages a bounded mailbox dropped (each also became a DeadLetter).</summary>
    internal long Dropped => Volatile.Read(ref _dropped);

    internal bool IsClosed => _closed;

    /// <summary>True while a turn is scheduled or running (a routee that is busy right now).</summary>
    internal bool IsScheduled => Volatile.Read(ref _status) != Idle;

    internal bool HasUserMessages => _prepended is { Count: > 0 } || (_unbounded is not null ? !_unbounded.IsEmpty : _bounded!.Count > 0);

    // ---- producers (any thread) ----

    internal void Post(object message, IActorRef? sender)
    {
        if (_closed)
        {
            _cell.System.PublishDeadLetter(message, sender, _cell.Self, "recipient stopped");
            return;
        }
        if (_unbounded is not null) _unbounded.Enqueue(message, sender);
        else
        {
            var accepted = _bounded!.Offer(new Envelope(message, sender), out var dropped);
            if (dropped is { } d) Drop(d);
            if (!accepted) return;
            Interlocked.MemoryBarrier(); // a lock release is not a full fence; see step 2
        }
        ScheduleIfIdle();
    }

    internal async ValueTask PostAsync(object message, IActorRef? sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_bounded is not { Overflow: MailboxOverflow.Wait } || _closed)
        {
            Post(message, sender);
            return;
        }
        await _bounded.WaitAndAddAsync(new Envelope(message, sender), cancellationToken).ConfigureAwait(false);
        Interlocked.MemoryBarrier();
        ScheduleIfIdle();
    }

    internal void PostSystem(SystemMessage message)
    {
        var node = new SystemNode(message);
        SystemNode? head;
        do
        {
            head = Volatile.Read(ref _systemHead);
            node.Next = head;
        }
        while (Interlocked.CompareExchange(ref _systemHead, node, head) != head);
        ScheduleIfIdle();
    }

    private void Drop(Envelope dropped)
    {
        Interlocked.Increment(ref _dropped);
        _cell.System.PublishDeadLetter(dropped.Message, dropped.Sender, _cell.Self,
            $"mailbox full ({_bounded!.Overflow}, capacity {_bounded.Capacity})");
    }

    private void ScheduleIfIdle()
    {
        if (!TryClaim()) return;
        // Once closed, the dispatcher may be gone (a pinned thread ends with its actor): drain right here.
        if (_closed) Execute();
        else _cell.Dispatcher.Schedule(this);
    }

    private bool TryClaim() => Volatile.Read(ref _status) == Idle && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle;

    // ---- the consumer (one turn at a time) ----

    /// <summary>One turn of the actor; see step 4 of the message path.</summary>
    public void Execute()
    {
        var spin = new SpinWait();
        while (true)
        {
            Turn();
            Interlocked.Exchange(ref _status, Idle);
            if (!NeedsAnotherTurn() || !TryClaim()) return;
            if (!_closed)
            {
                _cell.Dispatcher.Schedule(this);
                return;
            }
            spin.SpinOnce(); // closed: keep draining here, letting a sender that is mid-enqueue finish
        }
    }

    private void Turn()
    {
        if (!_closed)
        {
            var previous = ActorCell.Current;
            ActorCell.Current = _cell;
            try
            {
                ProcessSystemMessages();
                if (!_closed) ProcessUserMessages();
            }
            finally
            {
                ActorCell.Current = previous;
            }
        }
        if (_closed) DrainClosed();
    }

    private bool NeedsAnotherTurn() =>
        Volatile.Read(ref _systemHead) is not null || ((_closed || _cell.CanProcessUserMessages) && HasUserMessages);

    private void ProcessSystemMessages()
    {
        while (Interlocked.Exchange(ref _systemHead, null) is { } latest)
        {
            for (var node = Reverse(latest); node is not null; node = node.Next)
            {
                if (_closed) _cell.SystemInvokeWhileTerminated(node.Message);
                else _cell.SystemInvoke(node.Message);
            }
        }
    }

    private void ProcessUserMessages()
    {
        var left = _cell.Dispatcher.Throughput;
        while (_cell.CanProcessUserMessages && TryDequeue(out var envelope))
        {
            _cell.Invoke(envelope);
            if (Volatile.Read(ref _systemHead) is not null) ProcessSystemMessages();
            if (--left == 0 || _closed) return;
        }
    }

    private bool TryDequeue(out Envelope envelope)
    {
        if (_prepended is { Count: > 0 })
        {
            envelope = _prepended.Dequeue();
            return true;
        }
        return _unbounded is not null ? _unbounded.TryDequeue(out envelope) : _bounded!.TryDequeue(out envelope);
    }

    private static SystemNode Reverse(SystemNode latest)
    {
        SystemNode? reversed = null;
        for (SystemNode? node = latest, next; node is not null; node = next)
        {
            next = node.Next;
            node.Next = reversed;
            reversed = node;
        }
        return reversed!;
    }

    /// <summary>Puts stashed messages in front of the queue, oldest first (actor's turn only).</summary>
    internal void Prepend(IEnumerable<Envelope> envelopes)
    {
        var queue = new Queue<Envelope>(envelopes);
        if (_prepended is not null) while (_prepended.TryDequeue(out var e)) queue.Enqueue(e);
        _prepended = queue;
    }

    /// <summary>Marks the mailbox closed; from now on every message becomes a dead letter (actor's turn only).</summary>
    internal void Close() => _closed = true;

    private void DrainClosed()
    {
        ProcessSystemMessages();
        while (TryDequeue(out var envelope))
            _cell.System.PublishDeadLetter(envelope.Message, envelope.Sender, _cell.Self, "recipient stopped");
    }

    private sealed class SystemNode(SystemMessage message)
    {
        internal readonly SystemMessage Message = message;
        internal SystemNode? Next;
    }
}
