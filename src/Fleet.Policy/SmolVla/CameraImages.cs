namespace Fleet.Policy.SmolVla;

/// <summary>One camera's images for a batch: <c>[batch, 3, Height, Width]</c> RGB values in [0, 1], any size (SmolVLA
/// resizes with padding to its square input).</summary>
/// <param name="Chw">The values, row-major.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
public sealed record CameraImages(float[] Chw, int Height, int Width);

/// <summary>Where one prediction's time went.</summary>
/// <param name="PrefixMs">Image preparation, vision tower and prefix prefill, ms.</param>
/// <param name="DenoiseMs">The flow-matching loop of the action expert, ms.</param>
public sealed record SmolVlaTimings(double PrefixMs, double DenoiseMs)
{
    /// <summary>The part of <see cref="PrefixMs"/> spent on image preparation, the vision tower and the connector, ms
    /// (the rest is the text layers' prefill); the split the baselines report too.</summary>
    public double VisionMs { get; init; }

    /// <summary>Total, ms.</summary>
    public double TotalMs => PrefixMs + DenoiseMs;
}
