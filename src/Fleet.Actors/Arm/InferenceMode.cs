namespace Fleet.Actors.Arm;

/// <summary>How an arm asks its policy for actions.</summary>
public enum InferenceMode
{
    /// <summary>SmolVLA Algorithm 1: ask early (queue fill at or below g) and keep executing while the policy thinks.</summary>
    Asynchronous,

    /// <summary>The baseline: ask only when the queue is empty, wait (holding position), then execute the whole chunk.</summary>
    Synchronous,
}
