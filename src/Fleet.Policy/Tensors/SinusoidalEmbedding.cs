namespace Fleet.Policy.Tensors;

/// <summary>
/// Sine/cosine embedding of scalars (diffusion and flow-matching timesteps): for a value t and
/// <c>dim/2</c> periods spaced geometrically from <c>minPeriod</c> to <c>maxPeriod</c>, the first half holds
/// <c>sin(2πt/period)</c> and the second half <c>cos(2πt/period)</c>.
/// </summary>
public static class SinusoidalEmbedding
{
    /// <summary>Writes one <paramref name="dim"/>-wide row per value.</summary>
    /// <exception cref="ArgumentException"><paramref name="dim"/> is odd.</exception>
    public static void Forward(ReadOnlySpan<float> values, int dim, double minPeriod, double maxPeriod, Span<float> output)
    {
        if (dim % 2 != 0)
            throw new ArgumentException($"Sinusoidal embedding width must be even, got {dim}.", nameof(dim));
        int half = dim / 2;
        for (int i = 0; i < half; i++)
        {
            double fraction = half == 1 ? 0 : (double)i / (half - 1);
            double period = minPeriod * Math.Pow(maxPeriod / minPeriod, fraction);
            double scale = 2 * Math.PI / period;
            for (int r = 0; r < values.Length; r++)
            {
                double angle = values[r] * scale;
                output[r * dim + i] = (float)Math.Sin(angle);
                output[r * dim + half + i] = (float)Math.Cos(angle);
            }
        }
    }
}
