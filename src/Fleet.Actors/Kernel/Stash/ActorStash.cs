namespace Fleet.Actors;

/// <summary>INTERNAL API: the stash of one actor (actor's turn only).</summary>
internal sealed class ActorStash(ActorCell cell) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    public void Stash()
    {
        var envelope = cell.CurrentEnvelope;
        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, envelope.Message) && _stashed[^1].Sender == envelope.Sender)
            throw new InvalidOperationException($"{cell.Path}: the message {envelope.Message.GetType().Name} is already stashed; stash each message once.");
        _stashed.Add(envelope);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0) return;
        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Mailbox.Prepend([first]);
    }

    public void UnstashAll() => UnstashAllToMailbox();

    public void ClearStash() => _stashed.Clear();

    internal void UnstashAllToMailbox()
    {
        if (_stashed.Count == 0) return;
        cell.Mailbox.Prepend(_stashed);
        _stashed.Clear();
    }

    internal void DropAllToDeadLetters()
    {
        foreach (var e in _stashed) cell.System.PublishDeadLetter(e.Message, e.Sender, cell.Self, "stashed when the actor stopped");
        _stashed.Clear();
    }
}
