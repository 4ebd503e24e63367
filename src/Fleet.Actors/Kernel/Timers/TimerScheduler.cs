namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: an actor's keyed timers. Each start gets a new generation; a tick carries its generation and is
/// delivered only if that generation is still the live one, which is how cancelled timers never deliver.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Timer> _timers = [];
    private long _generation;

    public void StartSingleTimer(object key, object message, TimeSpan timeout) => Start(key, message, timeout, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) => Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer)) timer.Schedule.Cancel();
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values) timer.Schedule.Cancel();
        _timers.Clear();
    }

    /// <summary>Returns the payload of a tick that is still live (and retires a single timer), or null.</summary>
    internal object? Accept(TimerMessage tick)
    {
        if (!_timers.TryGetValue(tick.Key, out var timer) || timer.Generation != tick.Generation) return null;
        if (!timer.Periodic) _timers.Remove(tick.Key);
        return timer.Message;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var tick = new TimerMessage(key, ++_generation);
        var self = cell.Self;
        var schedule = interval is { } period
            ? cell.System.Scheduler.ScheduleRepeatedly(delay, period, () => self.Tell(tick, null))
            : cell.System.Scheduler.ScheduleOnce(delay, () => self.Tell(tick, null));
        _timers[key] = new Timer(message, tick.Generation, interval is not null, schedule);
    }

    private sealed record Timer(object Message, long Generation, bool Periodic, ICancelable Schedule);

    /// <summary>The message a timer puts into the mailbox; the cell swaps in the payload if the timer is still live.</summary>
    internal sealed record TimerMessage(object Key, long Generation) : IAutoReceivedMessage;
}
