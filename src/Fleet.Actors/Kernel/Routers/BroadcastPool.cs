namespace Fleet.Actors;

/// <summary>Sends every message to all routees.</summary>
public sealed class BroadcastPool : Pool
{
    /// <summary>A pool of <paramref name="nrOfInstances"/> routees.</summary>
    public BroadcastPool(int nrOfInstances, SupervisorStrategy? supervisorStrategy = null) : base(nrOfInstances, supervisorStrategy) { }

    internal override RoutingLogic CreateLogic() => new Logic();

    private sealed class Logic : RoutingLogic
    {
        internal override void Route(object message, IActorRef? sender, IReadOnlyList<ActorCell> routees, ActorCell router)
        {
            foreach (var routee in routees) routee.Self.Tell(message, sender);
        }
    }
}
