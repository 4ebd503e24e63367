namespace Fleet.Actors;

/// <summary>INTERNAL API: cancels an earlier <see cref="Watch"/> (sent to the watchee).</summary>
internal sealed record Unwatch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;
