namespace Fleet.Actors;

/// <summary>Sends each message to the routee with the fewest queued messages (the first such one on a tie).</summary>
public sealed class SmallestMailboxPool : Pool
{
    /// <summary>A pool of <paramref name="nrOfInstances"/> routees.</summary>
    public SmallestMailboxPool(int nrOfInstances, SupervisorStrategy? supervisorStrategy = null) : base(nrOfInstances, supervisorStrategy) { }

    internal override RoutingLogic CreateLogic() => new Logic();

    private sealed class Logic : RoutingLogic
    {
        internal override void Route(object message, IActorRef? sender, IReadOnlyList<ActorCell> routees, ActorCell router)
        {
            var best = routees[0];
            var bestDepth = best.Mailbox.Depth;
            for (var i = 1; i < routees.Count && bestDepth > 0; i++)
            {
                var depth = routees[i].Mailbox.Depth;
                if (depth < bestDepth)
                {
                    best = routees[i];
                    bestDepth = depth;
                }
            }
            best.Self.Tell(message, sender);
        }
    }
}
