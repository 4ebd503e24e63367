namespace Fleet.Messages;

/// <summary>
/// What an arm saw at one control timestep: joint state, the latest frame of each camera and the task text.
/// Stamped with the timestep of the next action to execute (SmolVLA Algorithm 1's o_t → A_t), so a chunk
/// computed from it starts at <see cref="Timestep"/> and its first action is executed, not dropped.
/// </summary>
/// <param name="ArmId">The arm this observation belongs to (its HOCON <c>id</c>).</param>
/// <param name="Timestep">
/// Control timestep of the next action to execute when the observation was taken: one past the last executed
/// action (<c>ActionQueue.NextTimestep</c>). LeRobot stamps the last executed one, so index 0 of every chunk it
/// receives has already passed and is always dropped; Fleet does not repeat that off-by-one.
/// </param>
/// <param name="Timestamp">Wall-clock time of the observation, UTC.</param>
/// <param name="State">Joint positions in the arm's normalized units, in motor order; never mutated.</param>
/// <param name="Images">Latest frame per camera key (e.g. <c>front</c>, <c>wrist</c>).</param>
/// <param name="Task">Natural-language task, e.g. "put the red cube in the box"; empty when the policy takes none.</param>
/// <param name="MustGo">True when the action queue ran dry: the policy side must not filter this observation out.</param>
public sealed record Observation(
    string ArmId,
    long Timestep,
    DateTimeOffset Timestamp,
    ReadOnlyMemory<float> State,
    IReadOnlyDictionary<string, ImageFrame> Images,
    string Task,
    bool MustGo = false);
