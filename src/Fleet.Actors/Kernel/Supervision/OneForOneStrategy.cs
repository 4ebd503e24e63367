namespace Fleet.Actors;

/// <summary>Applies the directive to the failed child only (the default; for independent children).</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>No restart limit: a child is restarted as often as the decider says so.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider) : base(decider) { }

    /// <summary>Stops a child once it would be restarted more than <paramref name="maxNrOfRetries"/> times within <paramref name="withinTimeRange"/>.</summary>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    internal override void ProcessFailure(ActorCell parent, bool restart, ActorCell child, Exception cause)
    {
        if (restart && RequestRestartPermission(child, parent.System.Scheduler.MonotonicClock))
            child.Self.SendSystemMessage(new Recreate(cause));
        else
            parent.StopChild(child);
    }
}
