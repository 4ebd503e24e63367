namespace Fleet.Actors;

internal sealed partial class ActorCell
{
    /// <summary>The timers of an <see cref="IWithTimers"/> actor, created on first use; shared across restarts (restarts cancel them).</summary>
    internal TimerScheduler TimerScheduler => Extras.Timers ??= new TimerScheduler(this);

    /// <summary>The stash of an <see cref="IWithStash"/> actor, created on first use; kept across restarts (restarts unstash it).</summary>
    internal ActorStash ActorStash => Extras.Stash ??= new ActorStash(this);

    /// <summary>The message being handled, with its sender (for Stash).</summary>
    internal Envelope CurrentEnvelope => new(_currentMessage ?? throw new InvalidOperationException($"{Path}: Stash() is only valid while handling a message."), _currentSender);
}
