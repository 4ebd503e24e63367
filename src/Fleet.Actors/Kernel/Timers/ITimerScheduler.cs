namespace Fleet.Actors;

/// <summary>
/// Keyed timers that send a message to the actor itself. Starting a timer with a key in use replaces the old one;
/// once a timer is cancelled or replaced, none of its messages is delivered, even one already in the mailbox.
/// All timers are cancelled when the actor stops or restarts. Time comes from the system's <see cref="IScheduler"/>.
/// Use on the actor's own turn only.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> once after <paramref name="timeout"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan timeout);

    /// <summary>Sends <paramref name="message"/> every <paramref name="interval"/>, fixed-rate (no cumulative drift), first after one interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> first after <paramref name="initialDelay"/>, then every <paramref name="interval"/>, fixed-rate.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True when a timer with <paramref name="key"/> is running (a fired single timer is no longer active).</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with <paramref name="key"/>, if any.</summary>
    void Cancel(object key);

    /// <summary>Cancels all timers.</summary>
    void CancelAll();
}
