namespace Fleet.Actors;

/// <summary>INTERNAL API: one entry of a scheduler's queue; the due time advances by the interval after each run of a periodic entry.</summary>
internal sealed class ScheduledWork : ICancelable
{
    private volatile bool _cancelled;

    private readonly Action? _onCancel;

    internal ScheduledWork(Action action, TimeSpan due, TimeSpan? interval, Action? onCancel = null)
    {
        Action = action;
        Due = due;
        Interval = interval;
        _onCancel = onCancel;
    }

    internal Action Action { get; }

    /// <summary>When it should run next, on the scheduler's monotonic clock.</summary>
    internal TimeSpan Due { get; set; }

    /// <summary>The period of a fixed-rate entry; null for a single run.</summary>
    internal TimeSpan? Interval { get; }

    public bool IsCancellationRequested => _cancelled;

    public void Cancel()
    {
        if (_cancelled) return;
        _cancelled = true;
        _onCancel?.Invoke();
    }

    internal static void CheckInterval(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A periodic schedule needs a positive interval.");
    }
}
