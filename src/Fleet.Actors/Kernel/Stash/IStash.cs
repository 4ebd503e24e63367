namespace Fleet.Actors;

/// <summary>
/// Puts messages aside to handle them later (typically while waiting for a resource, with Become). Unstashed
/// messages go to the front of the mailbox in their original order, before anything queued meanwhile. On restart
/// the stash is unstashed into the mailbox; on stop its messages go to dead letters. Unbounded.
/// </summary>
public interface IStash
{
    /// <summary>Stashes the message being handled, with its sender.</summary>
    /// <exception cref="InvalidOperationException">The same message was already stashed in this turn, or no message is being handled.</exception>
    void Stash();

    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts all stashed messages back at the front of the mailbox, oldest first.</summary>
    void UnstashAll();

    /// <summary>Drops all stashed messages (they are not delivered anywhere).</summary>
    void ClearStash();

    /// <summary>Number of stashed messages.</summary>
    int Count { get; }
}
