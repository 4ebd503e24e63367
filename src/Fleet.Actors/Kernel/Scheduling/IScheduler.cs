namespace Fleet.Actors;

/// <summary>
/// Runs actions after a delay or at a fixed rate, on the scheduler's own thread: keep actions short (a Tell).
/// Two implementations: <see cref="DedicatedThreadScheduler"/> (real time, the default) and
/// <see cref="TestScheduler"/> (a virtual clock that moves only when a test calls Advance), so timers and
/// backoff can be tested deterministically.
/// </summary>
public interface IScheduler
{
    /// <summary>Monotonic time since the scheduler started; the clock every due time is measured on.</summary>
    TimeSpan MonotonicClock { get; }

    /// <summary>Wall-clock time as this scheduler sees it (virtual for <see cref="TestScheduler"/>).</summary>
    DateTimeOffset Now { get; }

    /// <summary>Runs <paramref name="action"/> once, <paramref name="delay"/> from now (zero or negative: as soon as possible).</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);

    /// <summary>
    /// Runs <paramref name="action"/> at fixed rate: the n-th run is due at start + <paramref name="initialDelay"/> +
    /// n × <paramref name="interval"/>, computed from the start, so lateness never accumulates. After a stall
    /// (e.g. a long GC pause) the missed runs happen back to back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action);
}
