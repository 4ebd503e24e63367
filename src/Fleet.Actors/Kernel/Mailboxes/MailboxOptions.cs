namespace Fleet.Actors;

/// <summary>The kind of mailbox an actor gets (<see cref="Props.WithMailbox"/>).</summary>
/// <param name="Capacity">Maximum queued user messages; null for unbounded. System messages are never bounded.</param>
/// <param name="Overflow">What happens to a message arriving at a full bounded mailbox.</param>
public sealed record MailboxOptions(int? Capacity, MailboxOverflow Overflow)
{
    /// <summary>The default: an unbounded lock-free queue.</summary>
    public static MailboxOptions Unbounded { get; } = new(null, MailboxOverflow.DropNewest);

    /// <summary>A mailbox holding at most <paramref name="capacity"/> user messages.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static MailboxOptions Bounded(int capacity, MailboxOverflow overflow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new MailboxOptions(capacity, overflow);
    }
}
