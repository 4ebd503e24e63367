namespace Fleet.Actors;

/// <summary>
/// What a bounded mailbox does with a message that arrives when it is full (named like
/// <c>BoundedChannelFullMode</c>). Every dropped message goes to dead letters and is counted in the actor's
/// snapshot; nothing is dropped silently.
/// </summary>
public enum MailboxOverflow
{
    /// <summary>Keep the queue, drop the arriving message.</summary>
    DropNewest,

    /// <summary>Drop the oldest queued message to make room (the newest information wins: sensor readings, frames).</summary>
    DropOldest,

    /// <summary>
    /// The sender waits asynchronously for room: use <see cref="ActorRefExtensions.TellAsync"/>. A plain
    /// <see cref="IActorRef.Tell"/> never blocks (it may run on an actor's thread), so on a full Wait mailbox it
    /// drops the arriving message like <see cref="DropNewest"/>.
    /// </summary>
    Wait,
}
