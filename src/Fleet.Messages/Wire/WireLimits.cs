namespace Fleet.Messages.Wire;

/// <summary>
/// Upper bounds every decoded message is checked against before it is used, so a malformed or hostile message
/// costs a bounded amount of memory and never reaches a policy. Defaults fit SO-101 arms with up to 4 cameras
/// at up to 1920×1080; raise them in config for bigger setups.
/// </summary>
/// <param name="MaxMessageBytes">Largest encoded message accepted (raw 1080p RGB is ~6.2 MB per camera).</param>
/// <param name="MaxStateDim">Most joint values in an observation.</param>
/// <param name="MaxImages">Most cameras in one observation.</param>
/// <param name="MaxImageSide">Largest width or height of one image, in pixels.</param>
/// <param name="MaxActionDim">Most values per action.</param>
/// <param name="MaxChunkLength">Most actions in one chunk.</param>
/// <param name="MaxTextLength">Longest string (ids, task, error text), in UTF-16 units.</param>
/// <param name="MaxListLength">Most entries in a list of names (roles, arms, workers).</param>
public sealed record WireLimits(
    int MaxMessageBytes = 32 * 1024 * 1024,
    int MaxStateDim = 64,
    int MaxImages = 4,
    int MaxImageSide = 2048,
    int MaxActionDim = 64,
    int MaxChunkLength = 1024,
    int MaxTextLength = 4096,
    int MaxListLength = 1024)
{
    /// <summary>The defaults.</summary>
    public static WireLimits Default { get; } = new();
}
