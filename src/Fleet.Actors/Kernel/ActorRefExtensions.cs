namespace Fleet.Actors;

/// <summary>Convenience overloads for <see cref="IActorRef"/>.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends with the implicit sender: inside an actor (while it handles a message) the sender is that actor's
    /// <c>Self</c>; anywhere else there is no sender.
    /// </summary>
    public static void Tell(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.Current?.Self);
    }

    /// <summary>Sends <paramref name="message"/> keeping the sender of the message now being handled (inside an actor only).</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var cell = ActorCell.Current ?? throw new InvalidOperationException(
            $"Forward of {message.GetType().Name} to {receiver.Path} was called outside an actor; use Tell(message, sender) instead.");
        receiver.Tell(message, cell.CurrentSenderOrNull);
    }

    /// <summary>
    /// Sends and waits asynchronously for room when the receiver has a bounded mailbox with
    /// <see cref="MailboxOverflow.Wait"/>; for every other receiver this is a plain <see cref="IActorRef.Tell"/>
    /// and completes at once. A stopped receiver sends the message to dead letters and completes.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting for room; the message was not sent.</exception>
    public static ValueTask TellAsync(this IActorRef receiver, object message, IActorRef? sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (receiver is LocalActorRef local) return local.Cell.Mailbox.PostAsync(message, sender, cancellationToken);
        receiver.Tell(message, sender);
        return ValueTask.CompletedTask;
    }
}
