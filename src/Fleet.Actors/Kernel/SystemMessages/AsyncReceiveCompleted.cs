namespace Fleet.Actors;

/// <summary>INTERNAL API: the task of a ReceiveAsync handler finished; user messages flow again (or the fault is supervised).</summary>
/// <param name="Owner">The actor instance that awaited; ignored after a restart replaced it.</param>
/// <param name="Fault">The exception the handler ended with, or null.</param>
/// <param name="Message">The message whose handler it was.</param>
internal sealed record AsyncReceiveCompleted(ActorBase Owner, Exception? Fault, object Message) : SystemMessage;
