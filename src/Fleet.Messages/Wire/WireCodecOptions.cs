namespace Fleet.Messages.Wire;

/// <summary>
/// Settings of <see cref="WireCodec"/>; binds HOCON <c>fleet.cluster.wire</c>.
/// </summary>
/// <param name="ImageEncoding">How frames are encoded when sending (decoding accepts both).</param>
/// <param name="JpegQuality">1..100; 90 keeps ACT's inputs close to the raw frame at ~1/20 of the size.</param>
/// <param name="Limits">Bounds checked when decoding.</param>
public sealed record WireCodecOptions(ImageWireEncoding ImageEncoding = ImageWireEncoding.Jpeg, int JpegQuality = 90, WireLimits? Limits = null)
{
    /// <summary>JPEG frames at quality 90 with the default limits.</summary>
    public static WireCodecOptions Default { get; } = new();

    /// <summary>
    /// Encode (and decode) the JPEG frames of one observation on several cores at once (<c>fleet.cluster.wire.parallel-cameras</c>).
    /// Halves the codec's share of a 2-camera request when a core is free; on a machine whose cores are all busy the
    /// second frame waits for a time slice and the median gets worse (see bench/RESULTS.md, Cluster).
    /// </summary>
    public bool ParallelCameras { get; init; } = true;

    /// <summary>
    /// What to do with frames that carry their camera's JPEG (<c>fleet.cluster.wire.camera-jpeg</c>): pass it through
    /// untouched when its quality allows (the default), or always re-encode. Only with <see cref="ImageWireEncoding.Jpeg"/>.
    /// </summary>
    public CameraJpegMode CameraJpeg { get; init; } = CameraJpegMode.PassThrough;

    /// <summary>The limits in force (<see cref="WireLimits.Default"/> when none were given).</summary>
    public WireLimits EffectiveLimits => Limits ?? WireLimits.Default;
}
