namespace Fleet.Actors;

/// <summary>Sends each message to the next routee in turn.</summary>
public sealed class RoundRobinPool : Pool
{
    /// <summary>A pool of <paramref name="nrOfInstances"/> routees.</summary>
    public RoundRobinPool(int nrOfInstances, SupervisorStrategy? supervisorStrategy = null) : base(nrOfInstances, supervisorStrategy) { }

    internal override RoutingLogic CreateLogic() => new Logic();

    private sealed class Logic : RoutingLogic
    {
        private int _next;

        internal override void Route(object message, IActorRef? sender, IReadOnlyList<ActorCell> routees, ActorCell router)
        {
            if (_next >= routees.Count) _next = 0;
            routees[_next++].Self.Tell(message, sender);
        }
    }
}
