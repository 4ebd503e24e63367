namespace Fleet.Actors;

/// <summary>
/// Delivered exactly once to an actor that watches <paramref name="ActorRef"/> (<see cref="IActorContext.Watch"/>)
/// when it stops, also when it had already stopped before the watch. Not handling it throws
/// <see cref="DeathPactException"/> in the watcher.
/// </summary>
/// <param name="ActorRef">The actor that stopped.</param>
public sealed record Terminated(IActorRef ActorRef) : IAutoReceivedMessage;
