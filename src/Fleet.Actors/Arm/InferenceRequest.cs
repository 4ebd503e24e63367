namespace Fleet.Actors.Arm;

/// <summary>One outstanding request for a chunk, as <see cref="InferenceTrigger"/> tracks it.</summary>
/// <param name="Id">Per-arm request number, increasing from 1.</param>
/// <param name="ObservationTimestep">The timestep the observation was stamped with (the chunk's first action's).</param>
/// <param name="SentAt">When it was sent, on the trigger's clock.</param>
/// <param name="Deadline">When it stops counting as in flight if unanswered.</param>
/// <param name="MustGo">True when it was sent because the queue ran dry; the policy side must not filter it.</param>
public sealed record InferenceRequest(long Id, long ObservationTimestep, TimeSpan SentAt, TimeSpan Deadline, bool MustGo);

/// <summary>What to do with a reply.</summary>
public enum ReplyVerdict
{
    /// <summary>Merge the chunk into the queue.</summary>
    Merge,

    /// <summary>Discard it: a chunk from a newer observation was merged already, so this one would only pull the plan back.</summary>
    DiscardOutdated,
}
