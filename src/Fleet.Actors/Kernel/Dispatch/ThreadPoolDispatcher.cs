namespace Fleet.Actors;

/// <summary>
/// The default dispatcher: turns run as work items on the .NET thread pool (no allocation per turn), so many
/// actors share few threads, <see cref="MessageDispatcher.Throughput"/> messages per turn.
/// </summary>
public sealed class ThreadPoolDispatcher : MessageDispatcher
{
    /// <summary>Creates the dispatcher.</summary>
    public ThreadPoolDispatcher(string id, int throughput) : base(id, throughput) { }

    internal override void Schedule(Mailbox mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}
