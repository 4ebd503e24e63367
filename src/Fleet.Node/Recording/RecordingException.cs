namespace Fleet.Node.Recording;

/// <summary>Recording stopped because something failed (journal, encoder, export); the message says what and what to do.</summary>
public sealed class RecordingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    public RecordingException(string message) : base(message) { }
}
