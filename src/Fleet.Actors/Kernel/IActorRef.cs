namespace Fleet.Actors;

/// <summary>
/// An immutable handle to one incarnation of an actor; the only way to talk to it. Safe to share between
/// threads and to put into messages. Two references are equal only when they point at the same incarnation.
/// </summary>
public interface IActorRef
{
    /// <summary>Where the actor lives in the hierarchy.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Sends <paramref name="message"/> fire-and-forget (at-most-once). Messages from one sender to one
    /// receiver arrive in the order they were sent. Never blocks and never throws for a stopped actor:
    /// the message then goes to dead letters.
    /// </summary>
    /// <param name="message">The message; must not be null.</param>
    /// <param name="sender">What the receiver sees as <c>Sender</c>; <see cref="ActorRefs.NoSender"/> for none.</param>
    void Tell(object message, IActorRef? sender);
}
