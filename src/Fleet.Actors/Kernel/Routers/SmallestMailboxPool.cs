namespace Fleet.Actors;

/// <summary>
/// Sends each message to the routee with the fewest queued messages, preferring one that is idle over one that is
/// busy with a message (the first such one on a tie).
/// </summary>
public sealed class SmallestMailboxPool : Pool
{
    /// <summary>A pool of <paramref name="nrOfInstances"/> routees.</summary>
    public SmallestMailboxPool(int nrOfInstances, SupervisorStrategy? supervisorStrategy = null) : base(nrOfInstances, supervisorStrategy) { }

    internal override RoutingLogic CreateLogic() => new Logic();

    private sealed class Logic : RoutingLogic
    {
        internal override void Route(object message, IActorRef? sender, IReadOnlyList<ActorCell> routees, ActorCell router)
        {
            // Score: queued messages first, then "busy right now"; an idle routee with an empty queue scores 0.
            var best = routees[0];
            var bestScore = Score(best);
            for (var i = 1; i < routees.Count && bestScore > 0; i++)
            {
                var score = Score(routees[i]);
                if (score < bestScore)
                {
                    best = routees[i];
                    bestScore = score;
                }
            }
            best.Self.Tell(message, sender);
        }

        private static long Score(ActorCell routee) => routee.Mailbox.Depth * 2L + (routee.Mailbox.IsScheduled ? 1 : 0);
    }
}
