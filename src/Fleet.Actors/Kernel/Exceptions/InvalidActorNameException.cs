namespace Fleet.Actors;

/// <summary>An actor name was empty, contained a character that is not allowed, or was already taken by a sibling.</summary>
public sealed class InvalidActorNameException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message) : base(message) { }
}
