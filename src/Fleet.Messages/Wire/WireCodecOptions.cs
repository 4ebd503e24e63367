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

    /// <summary>The limits in force (<see cref="WireLimits.Default"/> when none were given).</summary>
    public WireLimits EffectiveLimits => Limits ?? WireLimits.Default;
}
