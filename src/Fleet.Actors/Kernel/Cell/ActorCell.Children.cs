namespace Fleet.Actors;

internal sealed partial class ActorCell
{
    // Children by name, created on the first child. Guarded by its own lock because system.ActorOf adds to the
    // guardian from any thread and snapshots read it from outside; everything else happens on this actor's turn.
    private Dictionary<string, ActorCell>? _children;
    private int _nextChildNameId; // guarded by the children lock

    private const string AllowedNameSymbols = "-_.*$+:@&=,!~';";

    public IReadOnlyList<IActorRef> Children
    {
        get
        {
            var cells = ChildCells();
            var refs = new IActorRef[cells.Count];
            for (var i = 0; i < refs.Length; i++) refs[i] = cells[i].Self;
            return refs;
        }
    }

    /// <summary>A copy of the children (any thread).</summary>
    internal List<ActorCell> ChildCells()
    {
        var children = Volatile.Read(ref _children);
        if (children is null) return [];
        lock (children) return [.. children.Values];
    }

    internal bool HasChildren
    {
        get
        {
            var children = Volatile.Read(ref _children);
            if (children is null) return false;
            lock (children) return children.Count > 0;
        }
    }

    public IActorRef? Child(string name)
    {
        var children = Volatile.Read(ref _children);
        if (children is null) return null;
        lock (children) return children.TryGetValue(name, out var child) && !child.StopRequestedByParent ? child.Self : null;
    }

    public IActorRef ActorOf(Props props, string? name = null) => ActorOfCell(props, name).Self;

    /// <summary>Creates a child (any thread for guardians, the actor's turn otherwise) and sends it Create.</summary>
    internal ActorCell ActorOfCell(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (_terminating || _terminated)
            throw new InvalidOperationException($"Cannot create child '{name}' of {Path}: that actor is stopping.");
        var children = Volatile.Read(ref _children) ?? InitChildren();
        ActorCell child;
        lock (children)
        {
            // Checked again under the lock: HandleTerminate takes its list of children under the same lock, so a
            // child added concurrently with a stop is either in that list or refused here.
            if (_terminating)
                throw new InvalidOperationException($"Cannot create child '{name}' of {Path}: that actor is stopping.");
            if (name is null) name = "$" + Base36(_nextChildNameId++);
            else ValidateName(name);
            if (children.TryGetValue(name, out var existing))
                throw new InvalidActorNameException($"Actor name '{name}' is not unique under {Path}: {existing.Path} {(existing.StopRequestedByParent ? "is still stopping" : "exists")}. Choose another name or wait for its Terminated.");
            child = new ActorCell(System, props, this, Path.Child(name));
            children.Add(name, child);
        }
        child.Self.SendSystemMessage(Create.Instance);
        return child;
    }

    private Dictionary<string, ActorCell> InitChildren()
    {
        Interlocked.CompareExchange(ref _children, new Dictionary<string, ActorCell>(StringComparer.Ordinal), null);
        return _children!;
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is LocalActorRef { Cell: var cell } && cell.ParentCell == this) StopChild(cell);
        else if (actor is InternalActorRef internalRef) internalRef.SendSystemMessage(Terminate.Instance);
    }

    /// <summary>Asks a child to stop; its name stays taken until its Terminated (parent's turn).</summary>
    internal void StopChild(ActorCell child)
    {
        child.StopRequestedByParent = true;
        child.Self.SendSystemMessage(Terminate.Instance);
    }

    /// <summary>A child has fully stopped: forget it, then finish a pending stop or restart of this actor.</summary>
    private void ChildTerminated(ActorCell child)
    {
        var children = _children;
        if (children is null) return;
        bool anyLeft, anyStopping;
        lock (children)
        {
            if (!children.Remove(child.Path.Name, out var removed) || removed != child)
            {
                if (removed is not null) children[child.Path.Name] = removed; // a newer namesake: keep it
                return;
            }
            anyLeft = children.Count > 0;
            anyStopping = children.Values.Any(c => c.StopRequestedByParent);
        }
        if (ParentCell is null && !_terminating)
        {
            HandleTerminate(); // the root: a guardian has gone (escalated failure), so the whole system stops
        }
        else if (_terminating)
        {
            if (!anyLeft) FinishTerminate();
        }
        else if (_extras?.PendingRecreateCause is { } cause && !anyStopping)
        {
            FinishRecreate(cause);
        }
    }

    private bool HasStoppingChildren
    {
        get
        {
            var children = _children;
            if (children is null) return false;
            lock (children) return children.Values.Any(c => c.StopRequestedByParent);
        }
    }

    private void SuspendChildren()
    {
        foreach (var child in ChildCells()) child.Self.SendSystemMessage(Suspend.Instance);
    }

    private void ResumeChildren()
    {
        foreach (var child in ChildCells()) child.Self.SendSystemMessage(Resume.Instance);
    }

    private void ValidateName(string name)
    {
        if (name.Length == 0 || name[0] == '$')
            throw new InvalidActorNameException($"Invalid actor name '{name}' under {Path}: names must be non-empty and must not start with '$' (reserved for generated names).");
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || AllowedNameSymbols.Contains(c)) continue;
            throw new InvalidActorNameException($"Invalid actor name '{name}' under {Path}: character '{c}' is not allowed (use letters, digits and {AllowedNameSymbols}; names starting with '$' are generated).");
        }
    }

    private static string Base36(int value)
    {
        const string digits = "abcdefghijklmnopqrstuvwxyz0123456789";
        if (value == 0) return "a";
        Span<char> buffer = stackalloc char[8];
        var i = buffer.Length;
        for (var v = (uint)value; v > 0; v /= 36) buffer[--i] = digits[(int)(v % 36)];
        return new string(buffer[i..]);
    }
}
