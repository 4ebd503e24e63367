namespace Fleet.Actors;

/// <summary>
/// Decides on which thread an actor's turns run and how many user messages one turn may handle
/// (<see cref="Throughput"/>: higher is faster for busy actors, lower is fairer to the others).
/// </summary>
public abstract class MessageDispatcher
{
    /// <summary>Creates a dispatcher.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="throughput"/> is less than 1.</exception>
    protected MessageDispatcher(string id, int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        Id = id;
        Throughput = throughput;
    }

    /// <summary>The id actors name in <see cref="Props.WithDispatcher"/>.</summary>
    public string Id { get; }

    /// <summary>User messages one actor handles per turn before yielding its thread.</summary>
    public int Throughput { get; }

    /// <summary>Runs one turn of <paramref name="mailbox"/> soon (called once per Idle → Scheduled transition).</summary>
    internal abstract void Schedule(Mailbox mailbox);

    /// <summary>An actor starts using this dispatcher.</summary>
    internal virtual void Attach(ActorCell cell) { }

    /// <summary>An actor stopped; it will never be scheduled on this dispatcher again.</summary>
    internal virtual void Detach(ActorCell cell) { }
}
