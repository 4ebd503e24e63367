namespace Fleet.Actors;

/// <summary>Thrown inside an actor that received <see cref="Kill"/>; the default strategy stops it.</summary>
public sealed class ActorKilledException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ActorKilledException(ActorPath path) : base($"Actor {path} received Kill.") { }
}
