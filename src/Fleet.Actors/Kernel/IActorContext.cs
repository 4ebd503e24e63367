namespace Fleet.Actors;

/// <summary>
/// What an actor can see and do about itself while it handles a message: its references, children, death watch
/// and behaviour. Use it only on the actor's own turn (in handlers and lifecycle hooks), never from other threads.
/// </summary>
public interface IActorContext
{
    /// <summary>This actor's reference.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled; dead letters when it had none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor (parent) of this actor.</summary>
    IActorRef Parent { get; }

    /// <summary>The live children (those being stopped included, until they have stopped).</summary>
    IReadOnlyList<IActorRef> Children { get; }

    /// <summary>The system this actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>The Props this actor was created from.</summary>
    Props Props { get; }

    /// <summary>The child named <paramref name="name"/>, or null when there is none (Akka returns Nobody).</summary>
    IActorRef? Child(string name);

    /// <summary>Creates and starts a child supervised by this actor.</summary>
    /// <param name="props">How to build it.</param>
    /// <param name="name">A unique name among the siblings (letters, digits, <c>-_.:@&amp;=+,!~*'$;</c>, not starting with <c>$</c>); null for a generated one.</param>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken (also by a child still stopping).</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops <paramref name="actor"/> (usually a child, or Self) asynchronously: it finishes its current message, stops its children, runs PostStop.</summary>
    void Stop(IActorRef actor);

    /// <summary>Watches <paramref name="subject"/>: exactly one <see cref="Terminated"/> arrives when it stops (at once if it already has). Idempotent.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching; no <see cref="Terminated"/> for <paramref name="subject"/> is delivered afterwards, even one already on its way.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour with <paramref name="receive"/> (no stack growth).</summary>
    void Become(Receive receive);

    /// <summary>Pushes <paramref name="receive"/> as the new behaviour; <see cref="UnbecomeStacked"/> returns to the previous one.</summary>
    void BecomeStacked(Receive receive);

    /// <summary>Pops the behaviour pushed last; with nothing pushed, returns to the initial behaviour.</summary>
    void UnbecomeStacked();

    /// <summary>
    /// After <paramref name="timeout"/> without any message, the actor receives <see cref="ReceiveTimeout"/> (again
    /// after each further idle period); null switches it off. Measured on the system's scheduler.
    /// </summary>
    void SetReceiveTimeout(TimeSpan? timeout);
}
