namespace Fleet.Actors;

/// <summary>
/// How a parent treats a failing child: a decider maps the exception to a <see cref="Directive"/>, and an
/// optional limit (at most N restarts within a time window) turns a Restart into a Stop once exceeded.
/// <see cref="OneForOneStrategy"/> acts on the failed child only, <see cref="AllForOneStrategy"/> on all children.
/// An actor's strategy comes from <see cref="Props.WithSupervisorStrategy"/>, else from its
/// <c>SupervisorStrategy()</c> override, else <see cref="DefaultStrategy"/>.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy with no restart limit.</summary>
    protected SupervisorStrategy(Func<Exception, Directive> decider)
    {
        Decider = decider ?? throw new ArgumentNullException(nameof(decider));
    }

    /// <summary>Creates a strategy that stops a child after more than <paramref name="maxNrOfRetries"/> restarts within <paramref name="withinTimeRange"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or a non-positive time range.</exception>
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider) : this(decider)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxNrOfRetries);
        if (withinTimeRange <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(withinTimeRange), withinTimeRange, "The restart window must be positive; use the constructor without limits for unlimited restarts.");
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
    }

    /// <summary>Maps an exception to what happens to the child.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/> before the child is stopped; null = unlimited.</summary>
    public int? MaxNrOfRetries { get; }

    /// <summary>The window the retry count applies to; null when there is no limit.</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>
    /// Akka's default decider: <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/> and
    /// <see cref="DeathPactException"/> stop the child; every other exception restarts it.
    /// </summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one with <see cref="DefaultDecider"/> and no restart limit (Akka's default).</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>One-for-one that stops a child on any exception.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Applies a Restart (when <paramref name="restart"/>) or a Stop to the child or children this strategy covers.</summary>
    internal abstract void ProcessFailure(ActorCell parent, bool restart, ActorCell child, Exception cause);

    /// <summary>INTERNAL API: decides for a failed child; returns false when the failure must be escalated.</summary>
    internal bool HandleFailure(ActorCell parent, ActorCell child, Exception cause)
    {
        switch (Decider(cause))
        {
            case Directive.Resume:
                child.Self.SendSystemMessage(Resume.Instance);
                return true;
            case Directive.Restart:
                ProcessFailure(parent, true, child, cause);
                return true;
            case Directive.Stop:
                ProcessFailure(parent, false, child, cause);
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when one more restart of <paramref name="child"/> stays within the limit (and records it).</summary>
    internal bool RequestRestartPermission(ActorCell child, TimeSpan now) =>
        MaxNrOfRetries is not { } max || child.RestartStats.RequestPermission(max, WithinTimeRange!.Value, now);
}
