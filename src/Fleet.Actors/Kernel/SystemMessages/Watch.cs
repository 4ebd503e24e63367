namespace Fleet.Actors;

/// <summary>INTERNAL API: <paramref name="Watcher"/> wants one Terminated when <paramref name="Watchee"/> stops (sent to the watchee).</summary>
internal sealed record Watch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;
