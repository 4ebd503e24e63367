using System.Runtime.Intrinsics;

namespace Fleet.Policy.Tensors;

/// <summary>
/// A Linear layer's bias add fused with the tanh-approximated GELU (PyTorch <c>gelu(approximate="tanh")</c>,
/// transformers' <c>gelu_pytorch_tanh</c>), in one vectorized pass over the GEMM output. Uses the identity
/// <c>0.5·(1 + tanh u) = 1/(1 + e^(−2u))</c>, so each value costs one exponential.
/// </summary>
public static class BiasGelu
{
    private const float Sqrt2OverPi = 0.7978845608028654f;
    private const float Cubic = 0.044715f;

    /// <summary>
    /// For rows <paramref name="rowStart"/>..<paramref name="rowEnd"/> (exclusive) of the row-major matrix
    /// <paramref name="x"/> with <paramref name="dim"/> columns: <c>x[r, j] = gelu_tanh(x[r, j] + bias[j])</c>, in place.
    /// </summary>
    /// <exception cref="ArgumentException">The bias is not <paramref name="dim"/> long or the rows do not fit.</exception>
    public static void ForwardTanh(Span<float> x, int dim, int rowStart, int rowEnd, ReadOnlySpan<float> bias)
    {
        if (bias.Length != dim)
            throw new ArgumentException($"Bias holds {bias.Length} values; rows of {dim} need {dim}.");
        if (rowStart < 0 || (long)rowEnd * dim > x.Length)
            throw new ArgumentException($"Rows {rowStart}..{rowEnd} of {dim} do not fit a buffer of {x.Length} values.");
        for (int r = rowStart; r < rowEnd; r++)
            Row(x.Slice(r * dim, dim), bias);
    }

    private static void Row(Span<float> row, ReadOnlySpan<float> bias)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 16 <= row.Length; j += 16)
            {
                var y = Vector512.Create(row.Slice(j, 16)) + Vector512.Create(bias.Slice(j, 16));
                var u = y * (Vector512.Create(Sqrt2OverPi) + Vector512.Create(Sqrt2OverPi * Cubic) * y * y);
                (y / (Vector512<float>.One + Vector512.Exp(u * Vector512.Create(-2f)))).CopyTo(row.Slice(j, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= row.Length; j += 8)
            {
                var y = Vector256.Create(row.Slice(j, 8)) + Vector256.Create(bias.Slice(j, 8));
                var u = y * (Vector256.Create(Sqrt2OverPi) + Vector256.Create(Sqrt2OverPi * Cubic) * y * y);
                (y / (Vector256<float>.One + Vector256.Exp(u * Vector256.Create(-2f)))).CopyTo(row.Slice(j, 8));
            }
        }
        for (; j < row.Length; j++)
        {
            float y = row[j] + bias[j];
            float u = y * (Sqrt2OverPi + Sqrt2OverPi * Cubic * y * y);
            row[j] = y / (1f + MathF.Exp(-2f * u));
        }
    }
}
