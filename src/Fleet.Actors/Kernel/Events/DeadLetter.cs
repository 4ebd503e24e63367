namespace Fleet.Actors;

/// <summary>
/// Published on the event stream for every message that could not be delivered: the recipient had stopped, or
/// a bounded mailbox dropped it. Best effort, like Akka: during system shutdown some may be missing.
/// </summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Its sender, or null.</param>
/// <param name="Recipient">Where it was going.</param>
/// <param name="Reason">Why it was not delivered, e.g. "recipient stopped" or "mailbox full (DropNewest, capacity 8)".</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient, string Reason);
