namespace Fleet.Dataset.Journal;

/// <summary>
/// The <see cref="JournalWriter"/> no longer accepts frames because a batch failed to commit (the storage
/// error is the <see cref="Exception.InnerException"/>) or because it was completed.
/// </summary>
/// <remarks>Frames of the failed batch and those queued behind it were not journaled; the message says how many.</remarks>
public sealed class JournalWriterStoppedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the writer stopped and what was lost.</param>
    /// <param name="inner">The storage error that stopped it, if any.</param>
    public JournalWriterStoppedException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
