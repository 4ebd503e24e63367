namespace Fleet.Actors;

/// <summary>INTERNAL API: a user message with its sender, as it waits in a mailbox or a stash.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
