namespace Fleet.Dataset.Journal;

/// <summary>
/// An episode operation does not fit the episode's state: appending to or finishing an episode that is
/// not recording, exporting one that is not finished, beginning one that already exists, or naming an
/// episode the journal does not know. The message names the episode, its state and the allowed states.
/// </summary>
/// <remarks>The failed operation changed nothing: it ran in a transaction that was rolled back.</remarks>
public sealed class JournalStateException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was asked, of which episode, and why it cannot be done.</param>
    public JournalStateException(string message)
        : base(message)
    {
    }
}
