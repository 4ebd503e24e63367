namespace Fleet.Policy.Tensors;

/// <summary>Numerically stable softmax over rows (the row maximum is subtracted before exponentiation).</summary>
public static class Softmax
{
    /// <summary>Replaces each row of length <paramref name="dim"/> with its softmax. A row that is all −∞ becomes all 0.</summary>
    public static void Forward(Span<float> x, int dim)
    {
        for (int start = 0; start + dim <= x.Length; start += dim)
        {
            var row = x.Slice(start, dim);
            float max = System.Numerics.Tensors.TensorPrimitives.Max(row);
            if (float.IsNegativeInfinity(max))
            {
                row.Clear();
                continue;
            }
            float sum = 0;
            for (int i = 0; i < dim; i++)
            {
                float e = MathF.Exp(row[i] - max);
                row[i] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int i = 0; i < dim; i++) row[i] *= inv;
        }
    }
}
