namespace Fleet.Actors;

/// <summary>
/// Thrown inside an actor that did not handle the <see cref="Terminated"/> of an actor it watched; the default
/// strategy stops it. Handle <see cref="Terminated"/> to survive the death of a watched actor.
/// </summary>
public sealed class DeathPactException : Exception
{
    /// <summary>Creates the exception for the watched actor <paramref name="dead"/>.</summary>
    public DeathPactException(IActorRef dead)
        : base($"Watched actor {dead.Path} stopped and Terminated was not handled; handle Terminated to outlive it.") => DeadActor = dead;

    /// <summary>The watched actor that stopped.</summary>
    public IActorRef DeadActor { get; }
}
