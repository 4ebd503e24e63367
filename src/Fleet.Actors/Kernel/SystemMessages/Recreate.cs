namespace Fleet.Actors;

/// <summary>INTERNAL API: the supervisor chose Restart: PreRestart on the old instance, a fresh instance, PostRestart.</summary>
/// <param name="Cause">The failure that led to the restart, handed to PreRestart and PostRestart.</param>
internal sealed record Recreate(Exception Cause) : SystemMessage;
