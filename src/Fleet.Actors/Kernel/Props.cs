namespace Fleet.Actors;

/// <summary>
/// An immutable recipe for an actor: how to build an instance (again on every restart), and which mailbox,
/// dispatcher, supervisor strategy and router it gets. The factory must return a new instance on each call.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type type, Func<ActorBase> factory)
    {
        Type = type;
        _factory = factory;
    }

    private Props(Props source)
    {
        Type = source.Type;
        _factory = source._factory;
        Mailbox = source.Mailbox;
        Dispatcher = source.Dispatcher;
        SupervisorStrategy = source.SupervisorStrategy;
        RouterConfig = source.RouterConfig;
    }

    /// <summary>The actor's class.</summary>
    public Type Type { get; }

    /// <summary>The mailbox kind; unbounded unless set with <see cref="WithMailbox"/>.</summary>
    public MailboxOptions Mailbox { get; private init; } = MailboxOptions.Unbounded;

    /// <summary>The dispatcher id; <see cref="Dispatchers.DefaultDispatcherId"/> unless set.</summary>
    public string Dispatcher { get; private init; } = Dispatchers.DefaultDispatcherId;

    /// <summary>The strategy the actor supervises its children with; null to use the actor's own <c>SupervisorStrategy()</c>.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; private init; }

    /// <summary>When set, ActorOf creates a pool router whose routees are built from these Props without the router.</summary>
    public RouterConfig? RouterConfig { get; private init; }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<T>() where T : ActorBase, new() => new(typeof(T), static () => new T());

    /// <summary>Props that build the actor with <paramref name="factory"/>, e.g. <c>Props.Create(() =&gt; new Servo(bus, 30))</c>.</summary>
    public static Props Create<T>(Func<T> factory) where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new(typeof(T), factory);
    }

    /// <summary>Props that build <paramref name="type"/> with the constructor matching <paramref name="args"/> (reflection; prefer the lambda form).</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not an actor class.</exception>
    public static Props Create(Type type, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(ActorBase).IsAssignableFrom(type) || type.IsAbstract)
            throw new ArgumentException($"{type.FullName} is not a concrete subclass of ActorBase.", nameof(type));
        return new(type, () => (ActorBase)Activator.CreateInstance(type, args)!);
    }

    /// <summary>A copy with another mailbox.</summary>
    public Props WithMailbox(MailboxOptions mailbox) => new(this) { Mailbox = mailbox ?? throw new ArgumentNullException(nameof(mailbox)) };

    /// <summary>A copy with another dispatcher (see <see cref="Dispatchers"/>; <see cref="Dispatchers.PinnedDispatcherId"/> for a dedicated thread).</summary>
    public Props WithDispatcher(string dispatcherId) => new(this) { Dispatcher = dispatcherId ?? throw new ArgumentNullException(nameof(dispatcherId)) };

    /// <summary>A copy whose actor supervises its children with <paramref name="strategy"/>.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(this) { SupervisorStrategy = strategy ?? throw new ArgumentNullException(nameof(strategy)) };

    /// <summary>A copy that creates a pool router (null: no router).</summary>
    public Props WithRouter(RouterConfig? router) => new(this) { RouterConfig = router };

    /// <summary>Builds a fresh instance (INTERNAL API: the kernel calls this on the actor's own turn).</summary>
    internal ActorBase NewActor() => _factory();

    /// <inheritdoc />
    public override string ToString() => $"Props({Type.Name}, mailbox {Mailbox}, dispatcher {Dispatcher})";
}
