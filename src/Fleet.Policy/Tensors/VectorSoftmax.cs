using System.Numerics.Tensors;

namespace Fleet.Policy.Tensors;

/// <summary>
/// Row softmax vectorized with <see cref="TensorPrimitives"/>: subtract the row maximum, exponentiate, divide by the
/// sum. Same contract as <see cref="Softmax.Forward"/> (a row that is all −∞ becomes all 0), several times faster on
/// long rows such as attention scores.
/// </summary>
public static class VectorSoftmax
{
    /// <summary>Replaces each row of length <paramref name="dim"/> of <paramref name="x"/> with its softmax.</summary>
    public static void Forward(Span<float> x, int dim)
    {
        for (int start = 0; start + dim <= x.Length; start += dim)
        {
            var row = x.Slice(start, dim);
            float max = TensorPrimitives.Max(row);
            if (float.IsNegativeInfinity(max))
            {
                row.Clear();
                continue;
            }
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }
    }
}
