namespace Fleet.Dataset.Journal;

/// <summary>
/// The journal's storage failed: disk full, read-only folder or file, file not openable, or the
/// database server unreachable. The message names the journal (file path or server), what was being
/// done, and the remedy; <see cref="Exception.InnerException"/> holds the engine's own error.
/// </summary>
/// <remarks>
/// The operation that failed was rolled back as a whole; everything committed earlier (in particular every
/// finished episode) is still in the journal. Recording must stop: the recorder reports this error and the
/// interrupted episode is handled by recovery on the next start.
/// </remarks>
public sealed class JournalStorageException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What kind of storage failure this is.</param>
    /// <param name="message">The full, human-readable message.</param>
    /// <param name="inner">The engine's exception.</param>
    public JournalStorageException(JournalStorageFault kind, string message, Exception? inner)
        : base(message, inner)
    {
        Kind = kind;
    }

    /// <summary>What kind of storage failure this is.</summary>
    public JournalStorageFault Kind { get; }
}
