namespace Fleet.Actors;

/// <summary>
/// The base of every actor. An instance is created by the kernel from <see cref="Props"/> (never with <c>new</c>
/// elsewhere), handles one message at a time on its own turn, and is replaced by a fresh instance on restart.
/// Lifecycle: constructor → <see cref="PreStart"/> → messages → <see cref="PostStop"/>; on restart the old instance
/// gets <see cref="PreRestart"/> and the new one <see cref="PostRestart"/>.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    /// <summary>Binds the instance to the cell that is creating it.</summary>
    /// <exception cref="InvalidOperationException">The actor was constructed outside the kernel (use Props and ActorOf).</exception>
    protected ActorBase()
    {
        _cell = ActorCell.Current is { IsCreatingActor: true } cell
            ? cell
            : throw new InvalidOperationException($"{GetType().Name} was created with 'new'; actors are created by ActorOf(Props.Create<{GetType().Name}>(...)).");
        if (this is IWithTimers withTimers) withTimers.Timers = _cell.TimerScheduler;
        if (this is IWithStash withStash) withStash.Stash = _cell.ActorStash;
    }

    /// <summary>This actor's context (children, death watch, behaviour). Use on the actor's own turn only.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor's reference.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being handled; dead letters when it had none.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>The initial behaviour: handle <paramref name="message"/> and return true, or return false to leave it unhandled.</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>
    /// Called for a message no behaviour handled. The default publishes <see cref="UnhandledMessage"/> on the event
    /// stream, except for <see cref="Terminated"/>, which throws <see cref="DeathPactException"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated) throw new DeathPactException(terminated.ActorRef);
        _cell.System.EventStream.Publish(new UnhandledMessage(message, _cell.CurrentSenderOrNull, Self));
    }

    /// <summary>Runs after construction, before the first message (and, via <see cref="PostRestart"/>, after a restart).</summary>
    protected virtual void PreStart() { }

    /// <summary>Runs once the actor and all its children have stopped; release resources here.</summary>
    protected virtual void PostStop() { }

    /// <summary>
    /// Runs on the failed instance before it is replaced. The default stops all children (the new instance builds
    /// its own) and calls <see cref="PostStop"/>.
    /// </summary>
    /// <param name="reason">What the actor threw.</param>
    /// <param name="message">The message being handled when it failed (not re-delivered), or null.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart. The default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children; the default is <see cref="Fleet.Actors.SupervisorStrategy.DefaultStrategy"/>. Props can override it.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Fleet.Actors.SupervisorStrategy.DefaultStrategy;

    internal ActorCell Cell => _cell;

    internal SupervisorStrategy SupervisorStrategyInternal => SupervisorStrategy();

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
}
