namespace Fleet.Actors;

/// <summary>
/// A user message that makes the receiver throw <see cref="ActorKilledException"/> when it is handled, so its
/// supervisor decides (the default strategy stops it).
/// </summary>
public sealed class Kill : IAutoReceivedMessage
{
    private Kill() { }

    /// <summary>The only instance.</summary>
    public static Kill Instance { get; } = new();
}
