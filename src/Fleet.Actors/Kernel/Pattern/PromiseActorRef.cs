namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: the temporary reference behind an Ask (<c>/temp/$n</c>): the first message told to it completes
/// the task; later ones go to dead letters. Continuations run asynchronously, never on the replying actor's turn.
/// </summary>
internal sealed class PromiseActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ActorPath Path => path;

    internal Task<object> Task => _promise.Task;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_promise.TrySetResult(message)) system.PublishDeadLetter(message, sender, this, "reply arrived after the ask completed or timed out");
    }

    internal void Fail(Exception error) => _promise.TrySetException(error);

    internal void Cancel(CancellationToken token) => _promise.TrySetCanceled(token);

    internal override void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && IsTerminated) watch.Watcher.SendSystemMessage(new DeathWatchNotification(this));
    }

    internal override bool IsTerminated => _promise.Task.IsCompleted;

    internal override ActorSystem System => system;
}
