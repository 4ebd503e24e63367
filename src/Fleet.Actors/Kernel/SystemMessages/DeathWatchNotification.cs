namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: <paramref name="Actor"/> has stopped. Sent to every watcher and to the parent; the watcher turns it
/// into exactly one user-level <see cref="Terminated"/>, the parent removes the child.
/// </summary>
internal sealed record DeathWatchNotification(InternalActorRef Actor) : SystemMessage;
