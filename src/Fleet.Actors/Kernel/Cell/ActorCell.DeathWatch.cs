namespace Fleet.Actors;

internal sealed partial class ActorCell
{
    public IActorRef Watch(IActorRef subject)
    {
        var target = AsInternal(subject);
        if (ReferenceEquals(target, Self)) return subject;
        if ((Extras.Watching ??= []).Add(target)) target.SendSystemMessage(new Watch(target, Self));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = AsInternal(subject);
        if (_extras?.Watching?.Remove(target) == true) target.SendSystemMessage(new Unwatch(target, Self));
        _extras?.TerminatedQueued?.Remove(target); // a Terminated already queued is dropped on arrival
        return subject;
    }

    private static InternalActorRef AsInternal(IActorRef subject) => subject as InternalActorRef
        ?? throw new ArgumentException($"Cannot watch {subject?.Path.ToString() ?? "null"}: only references created by an ActorSystem can be watched.", nameof(subject));

    private void AddWatcher(InternalActorRef watcher)
    {
        if (ReferenceEquals(watcher, Self)) return;
        (Extras.WatchedBy ??= []).Add(watcher);
    }

    private void RemoveWatcher(InternalActorRef watcher) => _extras?.WatchedBy?.Remove(watcher);

    private void HandleDeathWatchNotification(InternalActorRef actor)
    {
        if (_extras?.Watching?.Remove(actor) == true && !_terminating)
        {
            // Delivered as a user message from the dead actor, so it queues behind what that actor sent before dying.
            (Extras.TerminatedQueued ??= []).Add(actor);
            Self.Tell(new Terminated(actor), actor);
        }
        if (actor is LocalActorRef { Cell: var cell } && cell.ParentCell == this) ChildTerminated(cell);
    }

    /// <summary>Tells every watcher and the parent that this actor has stopped (last step of stopping).</summary>
    private void NotifyWatchersAndParent()
    {
        var notification = new DeathWatchNotification(Self);
        if (_extras?.WatchedBy is { } watchers)
        {
            foreach (var watcher in watchers)
            {
                if (!ReferenceEquals(watcher, ParentCell?.Self)) watcher.SendSystemMessage(notification);
            }
            watchers.Clear();
        }
        if (ParentCell is { } parent) parent.Self.SendSystemMessage(notification);
        else System.RootTerminated();
    }

    /// <summary>Stops watching everything (this actor is stopping), so watchees do not keep it alive.</summary>
    private void UnwatchAll()
    {
        if (_extras?.Watching is not { } watching) return;
        foreach (var target in watching) target.SendSystemMessage(new Unwatch(target, Self));
        watching.Clear();
    }
}
