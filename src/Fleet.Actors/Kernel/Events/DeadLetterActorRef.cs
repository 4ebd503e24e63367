namespace Fleet.Actors;

/// <summary>INTERNAL API: <c>/deadLetters</c>: whatever is told to it is published as a <see cref="DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path => path;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        system.PublishDeadLetter(message, sender, this, "sent to dead letters");
    }

    internal override void SendSystemMessage(SystemMessage message)
    {
        // Watching dead letters: it never "stops", so nothing to answer; everything else is ignored.
    }

    internal override bool IsTerminated => false;

    internal override ActorSystem System => system;
}
