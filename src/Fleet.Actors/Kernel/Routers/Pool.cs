namespace Fleet.Actors;

/// <summary>
/// A router that creates <see cref="NrOfInstances"/> routees from the same Props and supervises them. By default
/// every routee failure is escalated to the router's parent (as in Akka), so restarting the router restarts all
/// routees; give a <see cref="SupervisorStrategy"/> to handle failures per routee instead. A routee that stops is
/// removed; when none is left the router stops. <c>PoisonPill</c> stops the router (and so its routees);
/// <c>new Broadcast(PoisonPill.Instance)</c> stops the routees.
/// </summary>
public abstract class Pool : RouterConfig
{
    /// <summary>Creates a pool.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nrOfInstances"/> is less than 1.</exception>
    private protected Pool(int nrOfInstances, SupervisorStrategy? supervisorStrategy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nrOfInstances, 1);
        NrOfInstances = nrOfInstances;
        SupervisorStrategy = supervisorStrategy ?? DefaultSupervisorStrategy;
    }

    /// <summary>Routees the router creates.</summary>
    public int NrOfInstances { get; }

    /// <summary>How the router supervises its routees.</summary>
    public SupervisorStrategy SupervisorStrategy { get; }

    /// <summary>Escalates every routee failure to the router's parent.</summary>
    public static SupervisorStrategy DefaultSupervisorStrategy { get; } = new OneForOneStrategy(_ => Directive.Escalate);
}
