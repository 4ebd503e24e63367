namespace Fleet.Actors;

/// <summary>An actor with one handler for all messages; call <c>Unhandled(message)</c> for those it does not understand.</summary>
public abstract class UntypedActor : ActorBase
{
    /// <summary>Handles one message.</summary>
    protected abstract void OnReceive(object message);

    /// <inheritdoc />
    protected internal sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }
}
