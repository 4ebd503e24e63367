namespace Fleet.Actors;

/// <summary>
/// A virtual-clock <see cref="IScheduler"/> for tests: time stands still until <see cref="Advance"/> moves it,
/// and then every due action runs on the calling thread, in due-time order, with <see cref="MonotonicClock"/>
/// set to that action's due time. Timers, receive timeouts and backoff become deterministic.
/// </summary>
public sealed class TestScheduler : IScheduler
{
    private readonly object _gate = new();
    private readonly PriorityQueue<ScheduledWork, (TimeSpan Due, long Seq)> _queue = new();
    private readonly DateTimeOffset _start;
    private TimeSpan _now;
    private long _seq;

    /// <summary>Creates a scheduler whose wall clock starts at <paramref name="start"/> (default 2026-01-01 UTC).</summary>
    public TestScheduler(DateTimeOffset? start = null) => _start = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public TimeSpan MonotonicClock
    {
        get { lock (_gate) return _now; }
    }

    /// <inheritdoc />
    public DateTimeOffset Now => _start + MonotonicClock;

    /// <summary>Due times (on <see cref="MonotonicClock"/>) of the work not yet run nor cancelled, earliest first.</summary>
    public IReadOnlyList<TimeSpan> PendingDueTimes
    {
        get
        {
            lock (_gate)
            {
                return _queue.UnorderedItems.Where(i => !i.Element.IsCancellationRequested)
                    .Select(i => i.Element.Due).Order().ToList();
            }
        }
    }

    /// <inheritdoc />
    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Add(new ScheduledWork(action, Now0() + Max0(delay), null));

    /// <inheritdoc />
    public ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action)
    {
        ScheduledWork.CheckInterval(interval);
        return Add(new ScheduledWork(action, Now0() + Max0(initialDelay), interval));
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, running everything that falls due on the way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        AdvanceTo(MonotonicClock + by);
    }

    /// <summary>Moves the clock to <paramref name="time"/> (never backwards), running everything due until then.</summary>
    public void AdvanceTo(TimeSpan time)
    {
        while (TakeDue(time) is { } work)
        {
            work.Action();
            if (work.Interval is { } interval && !work.IsCancellationRequested)
            {
                work.Due += interval;
                lock (_gate) _queue.Enqueue(work, (work.Due, _seq++));
            }
        }
        lock (_gate)
        {
            if (time > _now) _now = time;
        }
    }

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private TimeSpan Now0()
    {
        lock (_gate) return _now;
    }

    private ScheduledWork Add(ScheduledWork work)
    {
        ArgumentNullException.ThrowIfNull(work.Action);
        lock (_gate) _queue.Enqueue(work, (work.Due, _seq++));
        return work;
    }

    private ScheduledWork? TakeDue(TimeSpan until)
    {
        lock (_gate)
        {
            while (_queue.TryPeek(out var next, out _) && next.Due <= until)
            {
                _queue.Dequeue();
                if (next.IsCancellationRequested) continue;
                if (next.Due > _now) _now = next.Due;
                return next;
            }
            return null;
        }
    }
}
