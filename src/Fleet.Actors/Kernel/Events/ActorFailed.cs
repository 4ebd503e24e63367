namespace Fleet.Actors;

/// <summary>
/// Published on the event stream whenever an actor throws, before its supervisor decides (Akka logs these;
/// Fleet publishes them so a logger or the admin API can subscribe).
/// </summary>
/// <param name="Actor">The failed actor.</param>
/// <param name="ActorType">Its class name.</param>
/// <param name="Cause">What it threw.</param>
/// <param name="Message">The message being handled, or null when it failed in a lifecycle hook.</param>
public sealed record ActorFailed(IActorRef Actor, string ActorType, Exception Cause, object? Message);
