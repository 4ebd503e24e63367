namespace Fleet.Actors;

/// <summary>
/// Marks an actor that uses timers; the kernel sets <see cref="Timers"/> before the actor's constructor body runs.
/// Declare it as <c>public ITimerScheduler Timers { get; set; } = null!;</c>.
/// </summary>
public interface IWithTimers
{
    /// <summary>The actor's timers.</summary>
    ITimerScheduler Timers { get; set; }
}
