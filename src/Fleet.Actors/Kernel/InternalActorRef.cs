namespace Fleet.Actors;

/// <summary>INTERNAL API: a reference that can also take system messages (death watch, supervision).</summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract ActorPath Path { get; }

    public abstract void Tell(object message, IActorRef? sender);

    /// <summary>Delivers a system message; it overtakes user messages. Never throws.</summary>
    internal abstract void SendSystemMessage(SystemMessage message);

    /// <summary>True once the actor has fully stopped (PostStop ran, watchers notified).</summary>
    internal abstract bool IsTerminated { get; }

    /// <summary>The system this reference belongs to.</summary>
    internal abstract ActorSystem System { get; }

    public override string ToString() => Path.ToString();
}
