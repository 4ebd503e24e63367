namespace Fleet.Actors;

/// <summary>
/// One actor in a point-in-time view of the hierarchy (<see cref="ActorSystem.Snapshot()"/>), as the inspection CLI
/// and admin API show it. Counters are read without stopping the actors, so a busy actor's figures are approximate.
/// </summary>
/// <param name="Path">The actor's path.</param>
/// <param name="ActorType">Its class name (routers: <c>RoundRobinPool&lt;Worker&gt;</c>).</param>
/// <param name="MailboxDepth">User messages waiting.</param>
/// <param name="MessagesProcessed">User messages handled since it was created (across restarts).</param>
/// <param name="Restarts">Completed restarts.</param>
/// <param name="DroppedMessages">Messages its bounded mailbox dropped to dead letters.</param>
/// <param name="Dispatcher">Its dispatcher id.</param>
/// <param name="LastFailure">Its most recent failure, or null.</param>
/// <param name="Children">Its children, by name.</param>
public sealed record ActorSnapshot(
    string Path,
    string ActorType,
    int MailboxDepth,
    long MessagesProcessed,
    int Restarts,
    long DroppedMessages,
    string Dispatcher,
    FailureInfo? LastFailure,
    IReadOnlyList<ActorSnapshot> Children)
{
    /// <summary>This actor and all its descendants, depth first.</summary>
    public IEnumerable<ActorSnapshot> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var d in child.DescendantsAndSelf()) yield return d;
        }
    }

    /// <summary>The node with <paramref name="path"/> in this subtree, or null.</summary>
    public ActorSnapshot? Find(string path) => DescendantsAndSelf().FirstOrDefault(s => s.Path == path);

    internal static ActorSnapshot Of(ActorCell cell)
    {
        var props = cell.Props;
        var type = props.RouterConfig is { } router ? $"{router.GetType().Name}<{props.Type.Name}>" : props.Type.Name;
        var children = cell.ChildCells().Where(c => !c.IsTerminated).OrderBy(c => c.Path.Name, StringComparer.Ordinal).Select(Of).ToList();
        return new ActorSnapshot(cell.Path.ToString(), type, cell.Mailbox.Depth, cell.MessagesProcessed, cell.Restarts,
            cell.Mailbox.Dropped, cell.Dispatcher.Id, cell.LastFailure, children);
    }
}
