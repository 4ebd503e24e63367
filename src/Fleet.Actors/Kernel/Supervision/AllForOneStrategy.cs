namespace Fleet.Actors;

/// <summary>
/// Applies Restart or Stop to all children when one fails (for tightly coupled children that only make sense
/// together); Resume still resumes just the failed child. The restart limit counts for each child.
/// </summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>No restart limit.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider) : base(decider) { }

    /// <summary>Stops all children once any would be restarted more than <paramref name="maxNrOfRetries"/> times within <paramref name="withinTimeRange"/>.</summary>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    internal override void ProcessFailure(ActorCell parent, bool restart, ActorCell child, Exception cause)
    {
        var children = parent.ChildCells();
        var now = parent.System.Scheduler.MonotonicClock;
        var permitted = true;
        foreach (var c in children) permitted &= RequestRestartPermission(c, now);
        foreach (var c in children)
        {
            if (restart && permitted) c.Self.SendSystemMessage(new Recreate(cause));
            else parent.StopChild(c);
        }
    }
}
