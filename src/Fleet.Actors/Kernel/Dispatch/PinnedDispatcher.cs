namespace Fleet.Actors;

/// <summary>
/// Gives one actor a dedicated thread (one instance per actor), for latency-critical loops such as the servo
/// tick: its turns never wait behind other actors' work on the thread pool. The thread ends when the actor stops.
/// </summary>
public sealed class PinnedDispatcher : MessageDispatcher
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ThreadPriority _priority;
    private Mailbox? _mailbox;
    private volatile bool _stopped;

    /// <summary>Creates the dispatcher; the thread starts when the actor attaches.</summary>
    public PinnedDispatcher(string id, int throughput, ThreadPriority priority = ThreadPriority.Normal) : base(id, throughput) => _priority = priority;

    internal override void Attach(ActorCell cell)
    {
        if (Interlocked.CompareExchange(ref _mailbox, cell.Mailbox, null) is not null)
            throw new InvalidOperationException($"A PinnedDispatcher serves exactly one actor; {cell.Path} asked for one already in use.");
        var thread = new Thread(Loop) { IsBackground = true, Name = "fleet-pinned " + cell.Path, Priority = _priority };
        thread.Start();
    }

    internal override void Detach(ActorCell cell)
    {
        _stopped = true;
        _wake.Release();
    }

    internal override void Schedule(Mailbox mailbox) => _wake.Release();

    private void Loop()
    {
        while (true)
        {
            _wake.Wait();
            if (_stopped) return;
            _mailbox!.Execute();
        }
    }
}
