namespace Fleet.Policy.Tensors;

/// <summary>
/// Rotary position embedding in the rotate-half layout: within each head, element i and element i + d/2 form a pair
/// rotated by angle <c>pos / base^(2i/d)</c>. Angles are computed in double and rounded once.
/// </summary>
public static class Rope
{
    /// <summary>Rotates every head of every row of <paramref name="x"/> in place; row r has position <paramref name="positions"/>[r].</summary>
    public static void Apply(Span<float> x, int ld, int heads, int headDim, ReadOnlySpan<int> positions, double theta = 10000)
    {
        int half = headDim / 2;
        for (int r = 0; r < positions.Length; r++)
            for (int i = 0; i < half; i++)
            {
                double angle = positions[r] / Math.Pow(theta, 2.0 * i / headDim);
                float cos = (float)Math.Cos(angle), sin = (float)Math.Sin(angle);
                for (int h = 0; h < heads; h++)
                {
                    int at = r * ld + h * headDim + i;
                    float x1 = x[at], x2 = x[at + half];
                    x[at] = x1 * cos - x2 * sin;
                    x[at + half] = x2 * cos + x1 * sin;
                }
            }
    }
}
