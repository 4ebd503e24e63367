namespace Fleet.Actors;

/// <summary>INTERNAL API: the reference of an actor living in this process; a thin handle on its cell.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    internal readonly ActorCell Cell;
    private Mailbox? _mailbox; // cached: senders then never touch the cell, whose fields the actor writes on every message

    internal LocalActorRef(ActorCell cell) => Cell = cell;

    private Mailbox Mailbox => _mailbox ??= Cell.Mailbox;

    public override ActorPath Path => Cell.Path;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Mailbox.Post(message, sender);
    }

    internal override void SendSystemMessage(SystemMessage message) => Mailbox.PostSystem(message);

    internal override bool IsTerminated => Cell.IsTerminated;

    internal override ActorSystem System => Cell.System;
}
