using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Fleet.Policy.Tensors;

/// <summary>
/// Row softmax in three vectorized passes (maximum; exponentials and their sum; division). Same contract as
/// <see cref="Softmax.Forward"/> (a row that is all −∞ becomes all 0), several times faster on long rows such as
/// attention scores.
/// </summary>
public static class VectorSoftmax
{
    /// <summary>Replaces each row of length <paramref name="dim"/> of <paramref name="x"/> with its softmax.</summary>
    public static void Forward(Span<float> x, int dim)
    {
        for (int start = 0; start + dim <= x.Length; start += dim)
        {
            var row = x.Slice(start, dim);
            float sum = ExpShifted(row);
            if (sum > 0)
                TensorPrimitives.Divide(row, sum, row);
        }
    }

    /// <summary>
    /// Replaces <paramref name="row"/> with <c>exp(x − max(x))</c> and returns the sum of the new values: a softmax
    /// whose division is left to the caller (attention divides its narrower output rows instead). An all −∞ row
    /// becomes all 0 and returns 0.
    /// </summary>
    public static float ExpShifted(Span<float> row)
    {
        float max = TensorPrimitives.Max(row);
        if (float.IsNegativeInfinity(max))
        {
            row.Clear();
            return 0f;
        }
        int i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated && row.Length >= 16)
        {
            var shift = Vector512.Create(max);
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= row.Length; i += 16)
            {
                var e = Vector512.Exp(Vector512.Create(row.Slice(i, 16)) - shift);
                e.CopyTo(row.Slice(i, 16));
                acc += e;
            }
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && row.Length >= 8)
        {
            var shift = Vector256.Create(max);
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= row.Length; i += 8)
            {
                var e = Vector256.Exp(Vector256.Create(row.Slice(i, 8)) - shift);
                e.CopyTo(row.Slice(i, 8));
                acc += e;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < row.Length; i++)
        {
            float e = MathF.Exp(row[i] - max);
            row[i] = e;
            sum += e;
        }
        return sum;
    }
}
