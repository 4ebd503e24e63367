namespace Fleet.Actors;

internal sealed partial class ActorCell
{
    /// <summary>
    /// Step 6 of the message path: the actor threw. Suspend it and its children, remember the failure, and ask the
    /// parent to decide. The failing message is dropped (a restart does not re-deliver it).
    /// </summary>
    private void HandleInvokeFailure(Exception cause, object? message)
    {
        var extras = Extras;
        extras.LastFailure = new FailureInfo(cause.GetType().FullName ?? cause.GetType().Name, cause.Message, System.Scheduler.Now);
        System.EventStream.Publish(new ActorFailed(Self, _props.Type.Name, cause, message));
        if (_terminating)
        {
            // Failing while stopping (e.g. in PostStop): nothing to supervise any more; stopping continues.
            return;
        }
        if (extras.Failed) return; // already waiting for the parent's decision
        extras.Failed = true;
        extras.FailedMessage = message;
        _awaiting = false;
        _suspended = true;
        SuspendChildren();
        if (ParentCell is { } parent) parent.Self.SendSystemMessage(new Failed(this, cause));
        else HandleTerminate(); // the root has no supervisor: it stops, which terminates the system
    }

    /// <summary>Step 7: a child failed; this actor's strategy decides, or the failure is escalated.</summary>
    private void HandleFailed(Failed failed)
    {
        var child = failed.Child;
        if (child.ParentCell != this || child.StopRequestedByParent || child.IsTerminated) return; // stale
        if (!SupervisorStrategy.HandleFailure(this, child, failed.Cause)) HandleInvokeFailure(failed.Cause, null);
    }

    private void HandleSuspend()
    {
        _suspended = true;
        SuspendChildren();
    }

    private void HandleResume()
    {
        if (_terminating) return;
        if (_extras is { } extras)
        {
            extras.Failed = false;
            extras.FailedMessage = null;
        }
        _suspended = _actor is null; // an actor that never started stays suspended
        ResumeChildren();
    }

    /// <summary>The supervisor chose Restart: retire the old instance, then (once stopped children are gone) build a new one.</summary>
    private void HandleRecreate(Exception cause)
    {
        if (_terminating) return;
        _suspended = true;
        if (_actor is { } failedActor)
        {
            CancelTimersAndReceiveTimeout();
            _extras?.Stash?.UnstashAllToMailbox();
            try
            {
                failedActor.InvokePreRestart(cause, _extras?.FailedMessage);
            }
            catch (Exception e)
            {
                System.EventStream.Publish(new ActorFailed(Self, _props.Type.Name, e, null));
            }
            _actor = null;
            _behavior = null;
        }
        if (HasStoppingChildren) Extras.PendingRecreateCause = cause; // ChildTerminated finishes it
        else FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        var extras = Extras;
        extras.PendingRecreateCause = null;
        extras.Failed = false;
        extras.FailedMessage = null;
        extras.BehaviorStack = null;
        _awaiting = false;
        try
        {
            _actor = NewActor();
            _actor.InvokePostRestart(cause);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e is ActorInitializationException ? e : new ActorInitializationException(Path, e), null);
            return;
        }
        Interlocked.Increment(ref _restarts);
        _suspended = false;
        // Children the old instance kept (a PreRestart override that did not stop them) are restarted too.
        foreach (var survivor in ChildCells())
        {
            if (!survivor.StopRequestedByParent) survivor.Self.SendSystemMessage(new Recreate(cause));
        }
    }

    /// <summary>Stop: stop the children first; <see cref="FinishTerminate"/> runs when the last one is gone.</summary>
    private void HandleTerminate()
    {
        if (_terminating) return;
        _terminating = true;
        CancelTimersAndReceiveTimeout();
        var children = ChildCells();
        if (children.Count == 0)
        {
            FinishTerminate();
            return;
        }
        foreach (var child in children) StopChild(child);
    }

    private void FinishTerminate()
    {
        if (_terminated) return;
        try
        {
            _actor?.InvokePostStop();
        }
        catch (Exception e)
        {
            System.EventStream.Publish(new ActorFailed(Self, _props.Type.Name, e, null));
        }
        _extras?.Stash?.DropAllToDeadLetters();
        UnwatchAll();
        _actor = null;
        _behavior = null;
        Mailbox.Close();
        Dispatcher.Detach(this);
        _terminated = true;
        NotifyWatchersAndParent();
    }
}
