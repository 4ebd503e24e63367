namespace Fleet.Messages;

/// <summary>
/// A policy's answer to one observation: consecutive actions for timesteps
/// <c>StartTimestep, StartTimestep+1, …</c>. The first action belongs to the observation's own timestep.
/// </summary>
/// <param name="ArmId">The arm that asked.</param>
/// <param name="StartTimestep">Timestep of <c>Actions[0]</c>: the timestep of the observation it answers.</param>
/// <param name="Actions">Row-major <c>Length × ActionDim</c> values; never mutated.</param>
/// <param name="ActionDim">Values per action (6 for an SO-101).</param>
/// <param name="ComputedAt">When inference finished, UTC; the client measures round-trip latency from it.</param>
public sealed record ActionChunk(string ArmId, long StartTimestep, ReadOnlyMemory<float> Actions, int ActionDim, DateTimeOffset ComputedAt)
{
    /// <summary>Number of actions in the chunk.</summary>
    public int Length => ActionDim == 0 ? 0 : Actions.Length / ActionDim;

    /// <summary>The action for <c>StartTimestep + index</c>.</summary>
    public TimedAction this[int index] =>
        (uint)index < (uint)Length
            ? new TimedAction(StartTimestep + index, Actions.Slice(index * ActionDim, ActionDim))
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"Chunk for arm '{ArmId}' holds {Length} actions.");
}
