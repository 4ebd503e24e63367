namespace Fleet.Policy.Tensors;

/// <summary>Layer normalization over the last dimension: <c>y = (x − mean)/√(var + ε)·γ + β</c> with the biased variance.</summary>
public static class LayerNorm
{
    /// <summary>Normalizes each of the <c>x.Length / dim</c> rows of <paramref name="x"/> in place.</summary>
    public static void Forward(Span<float> x, int dim, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon)
    {
        for (int start = 0; start + dim <= x.Length; start += dim)
        {
            var row = x.Slice(start, dim);
            // Two passes in double: the mean first, then the centred variance, so large offsets do not cancel.
            double sum = 0;
            foreach (float v in row) sum += v;
            double mean = sum / dim, sq = 0;
            foreach (float v in row) sq += (v - mean) * (v - mean);
            float inv = (float)(1.0 / Math.Sqrt(sq / dim + epsilon));
            float m = (float)mean;
            for (int i = 0; i < dim; i++) row[i] = (row[i] - m) * inv * gamma[i] + beta[i];
        }
    }
}
