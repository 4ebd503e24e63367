namespace Fleet.Policy.Tensors;

/// <summary>RMS normalization over the last dimension: <c>y = x/√(mean(x²) + ε)·w</c> (Llama style, no bias, no centring).</summary>
public static class RmsNorm
{
    /// <summary>Normalizes each row of <paramref name="x"/> in place.</summary>
    public static void Forward(Span<float> x, int dim, ReadOnlySpan<float> weight, float epsilon)
    {
        for (int start = 0; start + dim <= x.Length; start += dim)
        {
            var row = x.Slice(start, dim);
            double sq = 0;
            foreach (float v in row) sq += (double)v * v;
            float inv = (float)(1.0 / Math.Sqrt(sq / dim + epsilon));
            for (int i = 0; i < dim; i++) row[i] = row[i] * inv * weight[i];
        }
    }
}
