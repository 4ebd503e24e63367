namespace Fleet.Actors;

/// <summary>Published on the event stream when an actor did not handle a message (no matching handler).</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender, or null.</param>
/// <param name="Recipient">The actor that left it unhandled.</param>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
