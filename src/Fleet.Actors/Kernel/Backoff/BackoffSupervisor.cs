namespace Fleet.Actors;

/// <summary>
/// Keeps one child alive, re-creating it with exponential backoff (see <see cref="BackoffOptions"/>): a camera
/// that keeps failing is retried at 1, 2, 4, ... seconds instead of in a hot loop. Messages sent to the supervisor
/// are forwarded to the current child (to dead letters while there is none). When the child stops on its own in
/// on-failure mode, or the retry limit is reached, the supervisor stops too.
/// </summary>
public sealed class BackoffSupervisor : ActorBase
{
    private readonly BackoffOptions _options;
    private readonly SupervisorStrategy _strategy;
    private IActorRef? _child;
    private int _restartCount;
    private bool _childFailed;

    private BackoffSupervisor(BackoffOptions options)
    {
        _options = options;
        _strategy = new OneForOneStrategy(cause =>
        {
            var directive = options.Strategy.Decider(cause);
            if (!options.OnFailure || directive != Directive.Restart) return directive;
            _childFailed = true; // stop it now, re-create it after the backoff
            return Directive.Stop;
        });
    }

    /// <summary>Props for a backoff supervisor.</summary>
    public static Props Props(BackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Fleet.Actors.Props.Create(() => new BackoffSupervisor(options));
    }

    /// <summary>Ask the supervisor for its child; it replies <see cref="CurrentChild"/>.</summary>
    public sealed class GetCurrentChild
    {
        private GetCurrentChild() { }

        /// <summary>The only instance.</summary>
        public static GetCurrentChild Instance { get; } = new();
    }

    /// <summary>The reply to <see cref="GetCurrentChild"/>.</summary>
    /// <param name="Ref">The live child, or null while waiting to re-create it.</param>
    public sealed record CurrentChild(IActorRef? Ref);

    /// <summary>Ask the supervisor for its consecutive restart count; it replies <see cref="RestartCount"/>.</summary>
    public sealed class GetRestartCount
    {
        private GetRestartCount() { }

        /// <summary>The only instance.</summary>
        public static GetRestartCount Instance { get; } = new();
    }

    /// <summary>The reply to <see cref="GetRestartCount"/>.</summary>
    /// <param name="Count">Consecutive re-creations since the last reset.</param>
    public sealed record RestartCount(int Count);

    /// <summary>Resets the restart count to 0 (manual reset; usually sent by the child once it is healthy).</summary>
    public sealed class Reset
    {
        private Reset() { }

        /// <summary>The only instance.</summary>
        public static Reset Instance { get; } = new();
    }

    private sealed record StartChild;

    private sealed record ResetRestartCount(int Current);

    /// <inheritdoc />
    protected override void PreStart() => StartNewChild();

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    /// <inheritdoc />
    protected internal override bool Receive(object message)
    {
        switch (message)
        {
            case Terminated terminated when terminated.ActorRef.Equals(_child):
                OnChildTerminated();
                return true;
            case StartChild:
                if (_child is null) StartNewChild();
                return true;
            case ResetRestartCount reset:
                if (reset.Current == _restartCount) _restartCount = 0;
                return true;
            case Reset:
                _restartCount = 0;
                return true;
            case GetCurrentChild:
                Sender.Tell(new CurrentChild(_child), Self);
                return true;
            case GetRestartCount:
                Sender.Tell(new RestartCount(_restartCount), Self);
                return true;
            case Terminated:
                return false;
            default:
                if (_child is not null) _child.Forward(message);
                else Context.System.DeadLetters.Tell(message, Sender);
                return true;
        }
    }

    private void StartNewChild()
    {
        _childFailed = false;
        _child = Context.ActorOf(_options.ChildProps, _options.ChildName);
        Context.Watch(_child);
        if (_options.AutoReset is { } reset)
            Context.System.Scheduler.ScheduleTellOnce(reset, Self, new ResetRestartCount(_restartCount), null);
    }

    private void OnChildTerminated()
    {
        _child = null;
        var giveUp = (_options.OnFailure && !_childFailed) || (_options.MaxNrOfRetries is { } max && _restartCount >= max);
        if (giveUp)
        {
            Context.Stop(Self);
            return;
        }
        var delay = _options.CalculateDelay(_restartCount, Random.Shared.NextDouble());
        _restartCount++;
        Context.System.Scheduler.ScheduleTellOnce(delay, Self, new StartChild(), null);
    }
}
