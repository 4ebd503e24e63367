namespace Fleet.Actors;

/// <summary>
/// An actor's constructor or PreStart threw. The default strategy stops such an actor (a restart would
/// most likely fail the same way).
/// </summary>
public sealed class ActorInitializationException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ActorInitializationException(ActorPath path, Exception inner)
        : base($"Actor {path} failed to start: {inner.GetType().Name}: {inner.Message}", inner) => Path = path;

    /// <summary>The actor that failed to start.</summary>
    public ActorPath Path { get; }
}
