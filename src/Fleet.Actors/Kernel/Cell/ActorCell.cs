namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: the runtime of one actor: its mailbox, current instance and behaviour, children, death watch and
/// fault handling. Everything here runs on the actor's own turn (one thread at a time) unless a member says
/// otherwise. Split by concern: Children, DeathWatch, FaultHandling, Behavior, Async, Timers.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    // The cell whose turn runs on this thread: gives ActorBase its context while it is constructed and gives
    // Tell(message) its implicit sender. Per-thread execution context, not shared state.
    [ThreadStatic] private static ActorCell? t_current;

    private readonly Props _props;
    private ActorBase? _actor;
    private Receive? _behavior;
    private object? _currentMessage;
    private IActorRef? _currentSender;
    private CellExtras? _extras;
    private long _processed;
    private int _restarts;
    private bool _suspended;
    private bool _terminating;
    private bool _awaiting;
    private volatile bool _terminated;

    /// <summary>Restart bookkeeping owned by the parent (touched on the parent's turn only).</summary>
    internal ChildRestartStats RestartStats;

    /// <summary>Set by the parent when it asked this child to stop (parent's turn only).</summary>
    internal bool StopRequestedByParent;

    internal ActorCell(ActorSystem system, Props props, ActorCell? parent, ActorPath path)
    {
        System = system;
        _props = props;
        ParentCell = parent;
        Path = path;
        Self = new LocalActorRef(this);
        Dispatcher = system.Dispatchers.Lookup(props.Dispatcher);
        Mailbox = new Mailbox(this, props.Mailbox);
        Dispatcher.Attach(this);
    }

    internal static ActorCell? Current
    {
        get => t_current;
        set => t_current = value;
    }

    public ActorSystem System { get; }

    public Props Props => _props;

    internal ActorCell? ParentCell { get; }

    internal ActorPath Path { get; }

    internal LocalActorRef Self { get; }

    internal Mailbox Mailbox { get; }

    internal MessageDispatcher Dispatcher { get; }

    /// <summary>True while the constructor of a new instance runs (ActorBase checks it).</summary>
    internal bool IsCreatingActor { get; private set; }

    internal bool IsTerminated => _terminated;

    internal bool CanProcessUserMessages => !_suspended && !_terminating && !_awaiting && _actor is not null;

    internal IActorRef? CurrentSenderOrNull => _currentSender;

    internal ActorBase? Actor => _actor;

    internal long MessagesProcessed => Volatile.Read(ref _processed);

    internal int Restarts => Volatile.Read(ref _restarts);

    internal FailureInfo? LastFailure => _extras?.LastFailure;

    IActorRef IActorContext.Self => Self;

    public IActorRef Sender => _currentSender ?? System.DeadLetters;

    public IActorRef Parent => (IActorRef?)ParentCell?.Self ?? Self;

    private CellExtras Extras => _extras ??= new CellExtras();

    /// <summary>Handles one user message (step 5 of the message path in Mailbox.cs).</summary>
    internal void Invoke(Envelope envelope)
    {
        var message = envelope.Message;
        _currentMessage = message;
        _currentSender = envelope.Sender;
        // Re-armed before the handler runs, so a reply the handler sends is ordered after the new idle period started.
        if (_extras?.ReceiveTimeout is { } timeout) RescheduleReceiveTimeout(timeout);
        try
        {
            if (message is IAutoReceivedMessage) AutoReceive(message);
            else if (!_behavior!(message)) _actor!.InvokeUnhandled(message);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e, message);
        }
        finally
        {
            if (!_awaiting)
            {
                _currentMessage = null;
                _currentSender = null;
            }
        }
        _processed++;
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case PoisonPill:
                Stop(Self);
                break;
            case Kill:
                throw new ActorKilledException(Path);
            case Terminated terminated:
                // Only Terminated produced by this actor's own death watch, and not unwatched since, is delivered.
                if (_extras?.TerminatedQueued?.Remove(terminated.ActorRef) == true && !_behavior!(message)) _actor!.InvokeUnhandled(message);
                break;
            case TimerScheduler.TimerMessage tick:
                if (_extras?.Timers?.Accept(tick) is { } payload)
                {
                    _currentMessage = payload;
                    _currentSender = null;
                    if (!_behavior!(payload)) _actor!.InvokeUnhandled(payload);
                }
                break;
        }
    }

    /// <summary>Handles one system message (step 4: these run before any further user message).</summary>
    internal void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create: HandleCreate(); break;
                case Terminate: HandleTerminate(); break;
                case Failed failed: HandleFailed(failed); break;
                case Suspend: HandleSuspend(); break;
                case Resume: HandleResume(); break;
                case Recreate recreate: HandleRecreate(recreate.Cause); break;
                case Watch watch: AddWatcher(watch.Watcher); break;
                case Unwatch unwatch: RemoveWatcher(unwatch.Watcher); break;
                case DeathWatchNotification dead: HandleDeathWatchNotification(dead.Actor); break;
                case AsyncContinuation continuation: RunContinuation(continuation); break;
                case AsyncReceiveCompleted completed: HandleAsyncCompleted(completed); break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e, null);
        }
    }

    /// <summary>A system message for an actor that has already stopped: answer watches, drop the rest.</summary>
    internal void SystemInvokeWhileTerminated(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watcher, Self))
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(Self));
    }

    private void HandleCreate()
    {
        if (_actor is not null || _terminating) return;
        try
        {
            _actor = NewActor();
            _actor.InvokePreStart();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e is ActorInitializationException ? e : new ActorInitializationException(Path, e), null);
        }
    }

    private ActorBase NewActor()
    {
        IsCreatingActor = true;
        try
        {
            var actor = _props.RouterConfig is { } router ? new RouterActor(router, _props.WithRouter(null)) : _props.NewActor();
            _behavior = actor.Receive;
            return actor;
        }
        finally
        {
            IsCreatingActor = false;
        }
    }

    /// <summary>The strategy this actor supervises its children with.</summary>
    private SupervisorStrategy SupervisorStrategy =>
        (_props.RouterConfig is null ? _props.SupervisorStrategy : null) ?? _actor?.SupervisorStrategyInternal ?? Fleet.Actors.SupervisorStrategy.DefaultStrategy;

    public override string ToString() => $"ActorCell({Path})";
}
