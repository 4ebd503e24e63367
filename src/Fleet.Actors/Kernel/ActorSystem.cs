namespace Fleet.Actors;

/// <summary>
/// A hierarchy of actors with its dispatchers, scheduler, event stream and dead letters. Top-level actors live
/// under <c>/user</c>; a failure that the <c>/user</c> guardian escalates terminates the system. Dispose or
/// <see cref="Terminate"/> it to stop every actor (children before parents, PostStop run, watchers told).
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DedicatedThreadScheduler? _ownScheduler;
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly ActorPath _tempPath;
    private CoordinatedShutdown? _coordinatedShutdown;
    private long _tempCounter;
    private long _deadLetterCount;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        Scheduler = settings.Scheduler ?? (_ownScheduler = new DedicatedThreadScheduler("fleet-scheduler " + name));
        Dispatchers = new Dispatchers(settings);
        EventStream = new EventStream();
        var rootPath = ActorPath.CreateRoot();
        DeadLetters = new DeadLetterActorRef(this, rootPath.Child("deadLetters"));
        _tempPath = rootPath.Child("temp");
        _root = new ActorCell(this, Props.Create(() => new GuardianActor(SupervisorStrategy.StoppingStrategy)), null, rootPath);
        _root.Self.SendSystemMessage(Fleet.Actors.Create.Instance);
        _userGuardian = _root.ActorOfCell(Props.Create(() => new GuardianActor(settings.GuardianStrategy)), "user");
        _systemGuardian = _root.ActorOfCell(Props.Create(() => new GuardianActor(SupervisorStrategy.DefaultStrategy)), "system");
    }

    /// <summary>The system's name (letters, digits, '-' and '_').</summary>
    public string Name { get; }

    /// <summary>The settings it was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The scheduler behind timers, receive timeouts and backoff.</summary>
    public IScheduler Scheduler { get; }

    /// <summary>Dispatcher ids known to this system.</summary>
    public Dispatchers Dispatchers { get; }

    /// <summary>Publish/subscribe by type; dead letters and unhandled messages appear here.</summary>
    public EventStream EventStream { get; }

    /// <summary><c>/deadLetters</c>: messages told to it are published as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>Dead letters published so far (including bounded-mailbox drops).</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>The system's coordinated shutdown (created on first use, with <see cref="ActorSystemSettings.ShutdownPhases"/>).</summary>
    public CoordinatedShutdown CoordinatedShutdown
    {
        get
        {
            if (Volatile.Read(ref _coordinatedShutdown) is { } existing) return existing;
            Interlocked.CompareExchange(ref _coordinatedShutdown, new CoordinatedShutdown(this, Settings.ShutdownPhases ?? CoordinatedShutdown.DefaultPhases), null);
            return _coordinatedShutdown!;
        }
    }

    /// <summary>Creates and starts an actor system.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has characters other than letters, digits, '-' and '_'.</exception>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"Invalid actor system name '{name}': use letters, digits, '-' and '_'.", nameof(name));
        return new ActorSystem(name, settings ?? new ActorSystemSettings());
    }

    /// <summary>Creates a top-level actor under <c>/user</c> (any thread).</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOfCell(props, name).Self;

    /// <summary>Creates a kernel-level actor under <c>/system</c> (for infrastructure such as loggers and the admin API).</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOfCell(props, name).Self;

    /// <summary>Stops <paramref name="actor"/> asynchronously (like <c>Context.Stop</c>).</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is InternalActorRef internalRef) internalRef.SendSystemMessage(Fleet.Actors.Terminate.Instance);
    }

    /// <summary>
    /// Stops all actors (user actors first is not guaranteed: use <see cref="CoordinatedShutdown"/> for ordered
    /// shutdown) and completes when they have stopped. Idempotent.
    /// </summary>
    public Task Terminate()
    {
        _root.Self.SendSystemMessage(Fleet.Actors.Terminate.Instance);
        return WhenTerminated;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    /// <summary>A point-in-time view of the whole hierarchy (see <see cref="ActorSnapshot"/>); safe from any thread.</summary>
    public ActorSnapshot Snapshot() => ActorSnapshot.Of(_root);

    /// <summary>The snapshot of the subtree at <paramref name="actor"/>, or null when it is not a live local actor.</summary>
    public ActorSnapshot? Snapshot(IActorRef actor) => actor is LocalActorRef { Cell: var cell } && !cell.IsTerminated ? ActorSnapshot.Of(cell) : null;

    internal ActorPath NewTempPath(string prefix = "") => _tempPath.Child(prefix + "$" + Interlocked.Increment(ref _tempCounter));

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient, string reason)
    {
        Interlocked.Increment(ref _deadLetterCount);
        if (message is DeadLetter) return; // never a dead letter about a dead letter
        EventStream.Publish(new DeadLetter(message, sender, recipient, reason));
    }

    internal void RootTerminated()
    {
        _ownScheduler?.Dispose();
        _terminated.TrySetResult();
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem({Name})";
}
