namespace Fleet.Actors;

/// <summary>INTERNAL API: picks the routee(s) of one message; runs on the router's turn only.</summary>
internal abstract class RoutingLogic
{
    /// <summary>Sends <paramref name="message"/> to the chosen routee(s); the routee list is never empty.</summary>
    internal abstract void Route(object message, IActorRef? sender, IReadOnlyList<ActorCell> routees, ActorCell router);

    /// <summary>The routee set changed (one stopped).</summary>
    internal virtual void RouteesChanged(IReadOnlyList<ActorCell> routees) { }
}
