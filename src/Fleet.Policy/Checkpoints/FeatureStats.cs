namespace Fleet.Policy.Checkpoints;

/// <summary>
/// The statistics of one feature (<c>observation.state</c>, <c>observation.images.front</c>, <c>action</c>), each
/// either one value per element (state, action) or one per channel (images, stored as <c>[3, 1, 1]</c>).
/// </summary>
/// <param name="Mean">Means, or null when absent.</param>
/// <param name="Std">Standard deviations, or null.</param>
/// <param name="Min">Minimums, or null.</param>
/// <param name="Max">Maximums, or null.</param>
public sealed record FeatureStats(float[]? Mean, float[]? Std, float[]? Min, float[]? Max)
{
    private const float Epsilon = 1e-8f;

    /// <summary>
    /// Maps raw values into model space in place. Element i uses stat <c>(i / repeat) mod statCount</c>: for a state
    /// batch <c>[B, S]</c> pass <paramref name="repeat"/> = 1, for an image batch <c>[B, 3, H, W]</c> pass H·W.
    /// </summary>
    public void Normalize(NormalizationMode mode, Span<float> values, int repeat)
    {
        switch (mode)
        {
            case NormalizationMode.Identity:
                return;
            case NormalizationMode.MeanStd:
                Apply(values, repeat, Mean!, Std!, static (x, mean, std) => (x - mean) / (std + Epsilon));
                return;
            default:
                Apply(values, repeat, Min!, Max!, static (x, min, max) => 2f * (x - min) / Range(min, max) - 1f);
                return;
        }
    }

    /// <summary>Maps model-space values back to raw values in place (the inverse of <see cref="Normalize"/>).</summary>
    public void Unnormalize(NormalizationMode mode, Span<float> values, int repeat)
    {
        switch (mode)
        {
            case NormalizationMode.Identity:
                return;
            case NormalizationMode.MeanStd:
                Apply(values, repeat, Mean!, Std!, static (x, mean, std) => x * std + mean);
                return;
            default:
                Apply(values, repeat, Min!, Max!, static (x, min, max) => (x + 1f) / 2f * Range(min, max) + min);
                return;
        }
    }

    /// <summary>True when the stats that <paramref name="mode"/> needs are present.</summary>
    public bool Supports(NormalizationMode mode) => mode switch
    {
        NormalizationMode.Identity => true,
        NormalizationMode.MeanStd => Mean is not null && Std is not null,
        _ => Min is not null && Max is not null,
    };

    private static float Range(float min, float max) => max - min == 0f ? Epsilon : max - min;

    private static void Apply(Span<float> values, int repeat, float[] a, float[] b, Func<float, float, float, float> f)
    {
        int n = a.Length;
        for (int i = 0; i < values.Length; i++)
        {
            int s = i / repeat % n;
            values[i] = f(values[i], a[s], b[s]);
        }
    }
}
