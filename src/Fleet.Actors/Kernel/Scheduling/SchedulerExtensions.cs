namespace Fleet.Actors;

/// <summary>Tell-shaped helpers over <see cref="IScheduler"/>.</summary>
public static class SchedulerExtensions
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="receiver"/> once, after <paramref name="delay"/>.</summary>
    public static ICancelable ScheduleTellOnce(this IScheduler scheduler, TimeSpan delay, IActorRef receiver, object message, IActorRef? sender) =>
        scheduler.ScheduleOnce(delay, () => receiver.Tell(message, sender));

    /// <summary>Sends <paramref name="message"/> to <paramref name="receiver"/> at a fixed rate (see <see cref="IScheduler.ScheduleRepeatedly"/>).</summary>
    public static ICancelable ScheduleTellRepeatedly(this IScheduler scheduler, TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender) =>
        scheduler.ScheduleRepeatedly(initialDelay, interval, () => receiver.Tell(message, sender));
}
