using System.Runtime.ExceptionServices;

namespace Fleet.Actors;

/// <summary>Request-reply on top of Tell. Prefer Tell between actors; Ask is for the edges (CLI, HTTP, tests).</summary>
public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and returns its first reply. The ask queues behind
    /// everything already in the receiver's mailbox (no priority).
    /// </summary>
    /// <exception cref="AskTimeoutException">No reply within <paramref name="timeout"/> (also when the receiver has stopped: the message went to dead letters).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    /// <exception cref="InvalidCastException">The reply is not a <typeparamref name="T"/>.</exception>
    /// <remarks>A <see cref="Status.Failure"/> reply rethrows its cause (unless <typeparamref name="T"/> asks for it).</remarks>
    public static async Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await Ask(receiver, message, timeout, cancellationToken).ConfigureAwait(false);
        if (reply is T typed) return typed;
        if (reply is Status.Failure failure) ExceptionDispatchInfo.Capture(failure.Cause).Throw();
        throw new InvalidCastException($"Ask<{typeof(T).Name}> to {receiver.Path} got a reply of type {reply.GetType().FullName}; the receiver answers {message.GetType().Name} with something else.");
    }

    /// <summary>Like <see cref="Ask{T}"/> but returns the reply as it is (a <see cref="Status.Failure"/> included).</summary>
    public static async Task<object> Ask(this IActorRef receiver, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An ask timeout must be positive (or Timeout.InfiniteTimeSpan).");
        var system = (receiver as InternalActorRef)?.System
            ?? throw new ArgumentException($"Cannot ask {receiver.Path}: only references created by an ActorSystem can be asked.", nameof(receiver));
        var promise = new PromiseActorRef(system, system.NewTempPath());
        using var timer = timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(timeout);
        using var onTimeout = timer is null ? default : timer.Token.UnsafeRegister(static (state, _) =>
        {
            var (p, r, m, t) = ((PromiseActorRef, IActorRef, object, TimeSpan))state!;
            p.Fail(new AskTimeoutException($"Ask to {r.Path} timed out after {t.TotalMilliseconds:0} ms waiting for a reply to {m.GetType().Name}; is the actor alive, busy, or not replying to Sender?"));
        }, (promise, receiver, message, timeout));
        using var onCancel = cancellationToken.UnsafeRegister(static (state, token) => ((PromiseActorRef)state!).Cancel(token), promise);
        receiver.Tell(message, promise);
        return await promise.Task.ConfigureAwait(false);
    }
}
