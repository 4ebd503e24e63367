namespace Fleet.Policy.Abstractions;

/// <summary>The shape of a policy's inputs and outputs.</summary>
/// <param name="Type">Policy type as LeRobot names it (<c>act</c>, <c>smolvla</c>) or a built-in name (<c>sinusoid</c>).</param>
/// <param name="ChunkSize">Actions returned per prediction.</param>
/// <param name="StateDim">Length of <c>observation.state</c>.</param>
/// <param name="ActionDim">Length of one action.</param>
/// <param name="Images">Camera keys the policy needs (without the <c>observation.images.</c> prefix) and their expected size.</param>
/// <param name="TakesTask">True when the policy reads the task text (SmolVLA).</param>
public sealed record PolicyDescriptor(
    string Type,
    int ChunkSize,
    int StateDim,
    int ActionDim,
    IReadOnlyList<ImageSpec> Images,
    bool TakesTask = false)
{
    /// <summary>
    /// ACT's temporal ensembling coefficient when the policy's chunks are meant to be merged that way (LeRobot's
    /// <c>temporal_ensemble_coeff</c>), otherwise null. An arm running this policy then merges chunks with the
    /// temporal-ensemble aggregation instead of its configured <c>aggregate</c>.
    /// </summary>
    public double? TemporalEnsembleCoeff { get; init; }
}

/// <summary>A camera input a policy expects.</summary>
/// <param name="Key">Camera key, e.g. <c>front</c>.</param>
/// <param name="Height">Expected height in pixels; 0 when any size is accepted (the policy resizes).</param>
/// <param name="Width">Expected width in pixels; 0 when any size is accepted.</param>
public sealed record ImageSpec(string Key, int Height, int Width);
