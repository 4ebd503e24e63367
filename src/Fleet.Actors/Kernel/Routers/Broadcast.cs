namespace Fleet.Actors;

/// <summary>Sent to any router, delivers <paramref name="Message"/> to every routee.</summary>
/// <param name="Message">The message for all routees.</param>
public sealed record Broadcast(object Message);
