namespace Fleet.Actors;

/// <summary>INTERNAL API: the reference of an actor living in this process; a thin handle on its cell.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    internal readonly ActorCell Cell;

    internal LocalActorRef(ActorCell cell) => Cell = cell;

    public override ActorPath Path => Cell.Path;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Mailbox.Post(message, sender);
    }

    internal override void SendSystemMessage(SystemMessage message) => Cell.Mailbox.PostSystem(message);

    internal override bool IsTerminated => Cell.IsTerminated;

    internal override ActorSystem System => Cell.System;
}
