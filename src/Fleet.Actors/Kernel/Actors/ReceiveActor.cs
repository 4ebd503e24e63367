namespace Fleet.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor with
/// <see cref="Receive{T}(Action{T})"/> and friends. Handlers are tried in registration order; the first whose type
/// (and predicate) matches handles the message. No match → <c>Unhandled</c> → <see cref="UnhandledMessage"/> on the
/// event stream. <see cref="Become(Action)"/> swaps in a new list built the same way.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly ReceiveHandlers _initial;
    private ReceiveHandlers? _configuring;

    /// <summary>Starts configuring the initial behaviour (register handlers in the constructor).</summary>
    protected ReceiveActor()
    {
        _initial = new ReceiveHandlers(this);
        _configuring = _initial;
    }

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler) => Add(new TypedHandler<T>(null, handler ?? throw new ArgumentNullException(nameof(handler))));

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> is true.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        Add(new TypedHandler<T>(shouldHandle ?? throw new ArgumentNullException(nameof(shouldHandle)), handler ?? throw new ArgumentNullException(nameof(handler))));

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> with an async handler. Until the returned task completes the
    /// actor takes no other user message (system messages still flow), and the code after each <c>await</c> runs on
    /// the actor's own turn, so it may use Context, Self and Sender. A faulted task is a failure for the supervisor.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Add(new AsyncHandler<T>(shouldHandle, handler ?? throw new ArgumentNullException(nameof(handler))));

    /// <summary>Handles every message not matched by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler) => Add(new TypedHandler<object>(null, handler ?? throw new ArgumentNullException(nameof(handler))));

    /// <summary>Replaces the behaviour by the handlers that <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure).Handle);

    /// <summary>Pushes the handlers that <paramref name="configure"/> registers; <see cref="UnbecomeStacked"/> pops them.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure).Handle);

    /// <summary>Returns to the behaviour before the last <see cref="BecomeStacked"/>.</summary>
    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    /// <inheritdoc />
    protected internal sealed override bool Receive(object message)
    {
        if (_configuring is not null) _configuring = null; // registration is over once messages flow
        return _initial.Handle(message);
    }

    private ReceiveHandlers Build(Action configure)
    {
        var handlers = new ReceiveHandlers(this);
        var previous = _configuring;
        _configuring = handlers;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }
        return handlers;
    }

    private void Add(IReceiveHandler handler)
    {
        if (_configuring is null)
            throw new InvalidOperationException($"{GetType().Name}: Receive handlers can only be registered in the constructor or inside Become(() => ...).");
        _configuring.Add(handler);
    }

    private interface IReceiveHandler
    {
        bool TryHandle(ReceiveActor actor, object message);
    }

    private sealed class ReceiveHandlers(ReceiveActor owner)
    {
        private IReceiveHandler[] _handlers = [];

        internal void Add(IReceiveHandler handler) => _handlers = [.. _handlers, handler];

        internal bool Handle(object message)
        {
            foreach (var handler in _handlers)
            {
                if (handler.TryHandle(owner, message)) return true;
            }
            return false;
        }
    }

    private sealed class TypedHandler<T>(Predicate<T>? shouldHandle, Action<T> handler) : IReceiveHandler
    {
        public bool TryHandle(ReceiveActor actor, object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            handler(typed);
            return true;
        }
    }

    private sealed class AsyncHandler<T>(Predicate<T>? shouldHandle, Func<T, Task> handler) : IReceiveHandler
    {
        public bool TryHandle(ReceiveActor actor, object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            actor.Cell.RunAsyncHandler(() => handler(typed), message);
            return true;
        }
    }
}
