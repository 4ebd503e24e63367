namespace Fleet.Actors;

/// <summary>A phase of coordinated shutdown: its tasks run concurrently and get <paramref name="Timeout"/> to finish.</summary>
/// <param name="Name">The phase name tasks are added to.</param>
/// <param name="Timeout">After this, the phase's token is cancelled and shutdown moves on to the next phase.</param>
public sealed record ShutdownPhase(string Name, TimeSpan Timeout);
