namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: the continuation of an <c>await</c> inside a ReceiveAsync handler, run on the actor's own turn
/// so that the code after the await sees the actor's context and never races its next message.
/// </summary>
/// <param name="Owner">The actor instance that awaited; ignored after a restart replaced it.</param>
/// <param name="Callback">The continuation.</param>
/// <param name="State">Its state.</param>
internal sealed record AsyncContinuation(ActorBase Owner, SendOrPostCallback Callback, object? State) : SystemMessage;
