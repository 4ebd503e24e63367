using System.Diagnostics;

namespace Fleet.Actors;

/// <summary>
/// The real-time <see cref="IScheduler"/>: a priority queue of due times served by one background thread.
/// It sleeps until about a millisecond before the next due time and yields for the rest, so runs are
/// typically within a fraction of a millisecond of their due time (enough for a 30-100 Hz control loop)
/// without burning a core. Actions run on that thread, so they must be short.
/// </summary>
public sealed class DedicatedThreadScheduler : IScheduler, IDisposable
{
    private readonly object _gate = new();
    private readonly PriorityQueue<ScheduledWork, (TimeSpan Due, long Seq)> _queue = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly Thread _thread;
    private readonly Action _onCancel;
    private long _seq;
    private int _cancelled; // cancelled entries still in the queue (approximate)
    private bool _disposed;

    /// <summary>Starts the scheduler thread (named <paramref name="name"/> for debuggers).</summary>
    public DedicatedThreadScheduler(string name = "fleet-scheduler")
    {
        _onCancel = () => Interlocked.Increment(ref _cancelled);
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <inheritdoc />
    public TimeSpan MonotonicClock => _clock.Elapsed;

    /// <inheritdoc />
    public DateTimeOffset Now => _startedAt + _clock.Elapsed;

    /// <inheritdoc />
    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Add(new ScheduledWork(action, MonotonicClock + Max0(delay), null, _onCancel));

    /// <inheritdoc />
    public ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action)
    {
        ScheduledWork.CheckInterval(interval);
        return Add(new ScheduledWork(action, MonotonicClock + Max0(initialDelay), interval, _onCancel));
    }

    /// <summary>Stops the thread; pending work never runs. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private ScheduledWork Add(ScheduledWork work)
    {
        ArgumentNullException.ThrowIfNull(work.Action);
        lock (_gate)
        {
            PurgeIfMostlyCancelledUnsynchronized();
            _queue.Enqueue(work, (work.Due, _seq++));
            // Wake the thread only when the new entry is now the earliest one.
            if (_queue.Peek() == work) Monitor.Pulse(_gate);
        }
        return work;
    }

    /// <summary>Entries waiting, cancelled ones included (for tests of the purge).</summary>
    internal int QueuedCount
    {
        get { lock (_gate) return _queue.Count; }
    }

    // A receive timeout is re-armed on every message, which cancels the previous entry. Cancelled entries would
    // otherwise stay queued until their due time, so once they are most of a large queue, rebuild it without them.
    private void PurgeIfMostlyCancelledUnsynchronized()
    {
        if (_queue.Count < 1024 || Volatile.Read(ref _cancelled) < _queue.Count / 2) return;
        var live = _queue.UnorderedItems.Where(i => !i.Element.IsCancellationRequested).ToList();
        _queue.Clear();
        foreach (var (element, priority) in live) _queue.Enqueue(element, priority);
        Interlocked.Exchange(ref _cancelled, 0);
    }

    private void Loop()
    {
        while (TakeNextDue() is { } work)
        {
            try
            {
                work.Action();
            }
            catch (Exception)
            {
                // A scheduled action must not kill the scheduler thread; the kernel's own actions only Tell.
            }
            if (work.Interval is { } interval && !work.IsCancellationRequested)
            {
                work.Due += interval; // fixed rate: from the previous due time, never from "now"
                lock (_gate) _queue.Enqueue(work, (work.Due, _seq++));
            }
        }
    }

    private ScheduledWork? TakeNextDue()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_disposed) return null;
                if (!_queue.TryPeek(out var next, out _))
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                if (next.IsCancellationRequested)
                {
                    _queue.Dequeue();
                    Interlocked.Decrement(ref _cancelled);
                    continue;
                }
                var remaining = next.Due - MonotonicClock;
                if (remaining <= TimeSpan.Zero) return _queue.Dequeue();
                if (remaining >= TimeSpan.FromMilliseconds(2))
                {
                    Monitor.Wait(_gate, remaining - TimeSpan.FromMilliseconds(1));
                    continue;
                }
            }
            Thread.Yield(); // the last millisecond: yield instead of sleeping past the due time
        }
    }
}
