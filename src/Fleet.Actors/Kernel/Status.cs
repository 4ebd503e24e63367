namespace Fleet.Actors;

/// <summary>Replies that say how an operation ended; <see cref="Failure"/> faults a pending Ask.</summary>
public abstract record Status
{
    private Status() { }

    /// <summary>The operation succeeded.</summary>
    /// <param name="Result">An optional result value.</param>
    public sealed record Success(object? Result) : Status;

    /// <summary>The operation failed. A reply of this type makes the asker's task throw <paramref name="Cause"/>.</summary>
    /// <param name="Cause">What went wrong.</param>
    public sealed record Failure(Exception Cause) : Status;
}
