namespace Fleet.Actors;

/// <summary>
/// A user message that stops the receiver when it reaches the front of the mailbox: messages sent before it
/// are handled first, messages after it go to dead letters.
/// </summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    private PoisonPill() { }

    /// <summary>The only instance.</summary>
    public static PoisonPill Instance { get; } = new();
}
