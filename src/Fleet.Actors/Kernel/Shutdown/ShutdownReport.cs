namespace Fleet.Actors;

/// <summary>What happened in one phase.</summary>
/// <param name="Phase">The phase name.</param>
/// <param name="Tasks">The tasks that ran, in the order they were added.</param>
/// <param name="TimedOut">Tasks still running when the phase timed out.</param>
/// <param name="Failed">Tasks that threw, as "name: message".</param>
public sealed record PhaseReport(string Phase, IReadOnlyList<string> Tasks, IReadOnlyList<string> TimedOut, IReadOnlyList<string> Failed);

/// <summary>The outcome of a coordinated shutdown.</summary>
/// <param name="Reason">Why it ran (the reason of the first Run call).</param>
/// <param name="Phases">Each phase, in the order run.</param>
public sealed record ShutdownReport(ShutdownReason Reason, IReadOnlyList<PhaseReport> Phases);
