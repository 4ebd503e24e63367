namespace Fleet.Actors;

/// <summary>No reply arrived within the timeout of an Ask.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message) : base(message) { }
}
