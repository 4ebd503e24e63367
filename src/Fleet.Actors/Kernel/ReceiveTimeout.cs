namespace Fleet.Actors;

/// <summary>Sent to an actor that set <see cref="IActorContext.SetReceiveTimeout"/> and received no message for that long.</summary>
public sealed class ReceiveTimeout
{
    private ReceiveTimeout() { }

    /// <summary>The only instance.</summary>
    public static ReceiveTimeout Instance { get; } = new();
}
