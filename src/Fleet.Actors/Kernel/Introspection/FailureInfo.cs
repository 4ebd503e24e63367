namespace Fleet.Actors;

/// <summary>The last failure of an actor, as snapshots show it.</summary>
/// <param name="ExceptionType">Full name of the exception type.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="At">When it happened (the system scheduler's clock).</param>
public sealed record FailureInfo(string ExceptionType, string Message, DateTimeOffset At);
