namespace Fleet.Actors;

/// <summary>Asks a router for its current routees; it replies <see cref="Routees"/>.</summary>
public sealed class GetRoutees
{
    private GetRoutees() { }

    /// <summary>The only instance.</summary>
    public static GetRoutees Instance { get; } = new();
}

/// <summary>A router's reply to <see cref="GetRoutees"/>.</summary>
/// <param name="Members">The live routees, in routing order.</param>
public sealed record Routees(IReadOnlyList<IActorRef> Members);
