using System.Runtime.ExceptionServices;

namespace Fleet.Actors;

internal sealed partial class ActorCell
{
    /// <summary>
    /// Runs a ReceiveAsync handler with this actor's synchronization context, so every <c>await</c> inside it
    /// continues on the actor's own turn. While the task runs, user messages wait (system messages do not).
    /// </summary>
    internal void RunAsyncHandler(Func<Task> handler, object message)
    {
        var extras = Extras;
        var context = extras.SyncContext ??= new ActorSynchronizationContext(this);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task task;
        try
        {
            task = handler();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        if (task.IsCompleted)
        {
            if (task.Exception is { } fault) ExceptionDispatchInfo.Capture(fault.InnerException ?? fault).Throw();
            return;
        }
        _awaiting = true;
        extras.AsyncEnvelope = new Envelope(message, _currentSender);
        var owner = _actor!;
        var self = Self;
        task.ContinueWith(
            t => self.SendSystemMessage(new AsyncReceiveCompleted(owner, t.Exception?.InnerException ?? (t.IsCanceled ? new TaskCanceledException(t) : null), message)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Code after an await in a ReceiveAsync handler, run with the original message's sender restored.</summary>
    private void RunContinuation(AsyncContinuation continuation)
    {
        if (!ReferenceEquals(continuation.Owner, _actor)) return; // the instance was replaced or stopped meanwhile
        var extras = Extras;
        _currentMessage = extras.AsyncEnvelope.Message;
        _currentSender = extras.AsyncEnvelope.Sender;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(extras.SyncContext);
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void HandleAsyncCompleted(AsyncReceiveCompleted completed)
    {
        if (!ReferenceEquals(completed.Owner, _actor) || !_awaiting) return;
        _awaiting = false;
        _currentMessage = null;
        _currentSender = null;
        Extras.AsyncEnvelope = default;
        if (completed.Fault is { } fault) HandleInvokeFailure(fault, completed.Message);
    }

    /// <summary>INTERNAL API: posts await continuations back into the actor as system messages.</summary>
    internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
            if (cell._actor is { } owner) cell.Self.SendSystemMessage(new AsyncContinuation(owner, d, state));
        }

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("Synchronous Send into an actor would block its turn; use await.");

        public override SynchronizationContext CreateCopy() => this;
    }
}
