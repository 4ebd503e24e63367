namespace Fleet.Actors.Arm;

/// <summary>
/// Paces a control loop on a dedicated thread with <see cref="TickSchedule"/> (absolute deadlines, no drift)
/// and feeds <see cref="TickMetrics"/>. Usage: <c>while (true) { long k = clock.WaitNext(ct); Tick(k); }</c>.
/// If a tick runs past the next deadline, the missed deadlines are skipped and counted as overruns rather
/// than run back to back. Not thread-safe: one loop owns it.
/// </summary>
public sealed class TickClock
{
    private readonly ITickTimeSource _time;
    private long _current = -1;

    /// <summary>Creates a clock whose tick 0 is due now.</summary>
    public TickClock(double fps, ITickTimeSource time, TickMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Schedule = new TickSchedule(time.Now, fps, time.Frequency);
        Metrics = metrics ?? new TickMetrics(time.Frequency);
    }

    /// <summary>The deadlines.</summary>
    public TickSchedule Schedule { get; }

    /// <summary>Period, jitter and overrun figures of the ticks started so far.</summary>
    public TickMetrics Metrics { get; }

    /// <summary>
    /// Waits for the next due tick and returns its index; records the start's lateness and any overruns.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    public long WaitNext(CancellationToken cancellationToken)
    {
        var plan = _current < 0
            ? new TickPlan(0, Schedule.Deadline(0), 0)
            : Schedule.Next(_current, _time.Now);
        _time.WaitUntil(plan.Deadline, cancellationToken);
        Metrics.RecordTick(plan.Deadline, _time.Now, plan.Skipped);
        _current = plan.Index;
        return plan.Index;
    }
}
