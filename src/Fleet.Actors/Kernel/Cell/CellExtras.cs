namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: the state most actors never need (death watch sets, behaviour stack, stash, timers, receive
/// timeout, failure bookkeeping), allocated on first use so an idle actor stays small. Touched on the actor's
/// own turn only, except <see cref="LastFailure"/> (an immutable record read by snapshots).
/// </summary>
internal sealed class CellExtras
{
    internal HashSet<InternalActorRef>? Watching;
    internal HashSet<InternalActorRef>? WatchedBy;
    internal HashSet<IActorRef>? TerminatedQueued;
    internal List<Receive>? BehaviorStack;
    internal TimerScheduler? Timers;
    internal ActorStash? Stash;
    internal TimeSpan? ReceiveTimeout;
    internal ICancelable? ReceiveTimeoutTask;
    internal Exception? PendingRecreateCause;
    internal bool Failed;
    internal object? FailedMessage;
    internal volatile FailureInfo? LastFailure;
    internal ActorCell.ActorSynchronizationContext? SyncContext;
    internal Envelope AsyncEnvelope;
}
