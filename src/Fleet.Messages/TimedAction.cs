namespace Fleet.Messages;

/// <summary>
/// One joint-space action meant for one control timestep.
/// </summary>
/// <param name="Timestep">The control timestep at which the servo side should execute it.</param>
/// <param name="Values">Goal per motor, in the arm's normalized units, in motor order; never mutated.</param>
public sealed record TimedAction(long Timestep, ReadOnlyMemory<float> Values);
