namespace Fleet.Dataset.Journal;

/// <summary>
/// A journal row's payload cannot be decoded: unknown manifest, truncated bytes, a length out of range
/// or trailing garbage. The message names the persistence id, sequence number, field and byte offset.
/// </summary>
/// <remarks>
/// This means the row was written by another program or a newer Fleet, or the file is damaged; Fleet's
/// own writer never produces such rows. Recovery stops at the first undecodable frame of an episode.
/// </remarks>
public sealed class JournalPayloadException : Exception
{
    /// <summary>Creates the exception with a message that already names the row and the field.</summary>
    /// <param name="message">What was wrong, where, and what to do.</param>
    public JournalPayloadException(string message)
        : base(message)
    {
    }
}
