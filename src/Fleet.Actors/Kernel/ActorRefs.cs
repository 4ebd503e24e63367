namespace Fleet.Actors;

/// <summary>Well-known references.</summary>
public static class ActorRefs
{
    /// <summary>
    /// "No sender" (<c>null</c>, as in Akka.NET). A receiver that replies to a message sent without a sender
    /// replies into dead letters.
    /// </summary>
    public static readonly IActorRef? NoSender = null;
}
