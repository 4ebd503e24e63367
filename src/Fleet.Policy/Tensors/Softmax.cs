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
            // Vectorized exp: the scalar MathF.Exp loop was ~2% of an ACT prediction (8 heads × 302² scores per layer).
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, max, row);
            System.Numerics.Tensors.TensorPrimitives.Exp(row, row);
            float inv = 1f / System.Numerics.Tensors.TensorPrimitives.Sum(row);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, inv, row);
        }
    }
}
