using System.Numerics.Tensors;

namespace Fleet.Policy.Tensors;

/// <summary>
/// Layer normalization over the last dimension, <c>y = (x − mean)/√(var + ε)·γ + β</c> with the biased variance,
/// vectorized in fp32 (two passes: mean, then the centred variance) and writing to a separate output so the input
/// can stay a residual stream. Use <see cref="LayerNorm"/> when double-precision statistics matter more than speed.
/// </summary>
public static class VectorLayerNorm
{
    /// <summary>
    /// Normalizes rows <paramref name="rowStart"/>..<paramref name="rowEnd"/> (exclusive) of <paramref name="x"/> into the
    /// same rows of <paramref name="y"/>; both are row-major with rows of <paramref name="dim"/> values. <paramref name="y"/>
    /// may be <paramref name="x"/> itself (in place) but must not partly overlap it.
    /// </summary>
    /// <exception cref="ArgumentException">γ or β is not <paramref name="dim"/> long, or the rows do not fit the buffers.</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int dim, int rowStart, int rowEnd,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon)
    {
        if (gamma.Length != dim || beta.Length != dim)
            throw new ArgumentException($"LayerNorm over {dim} values needs γ and β of {dim}; got {gamma.Length} and {beta.Length}.");
        if (rowStart < 0 || (long)rowEnd * dim > x.Length || (long)rowEnd * dim > y.Length)
            throw new ArgumentException($"LayerNorm rows {rowStart}..{rowEnd} of {dim} do not fit buffers of {x.Length} and {y.Length} values.");
        for (int r = rowStart; r < rowEnd; r++)
        {
            var src = x.Slice(r * dim, dim);
            var dst = y.Slice(r * dim, dim);
            float mean = TensorPrimitives.Sum(src) / dim;
            TensorPrimitives.Subtract(src, mean, dst);
            float variance = TensorPrimitives.SumOfSquares(dst) / dim;
            float inv = 1f / MathF.Sqrt(variance + epsilon);
            TensorPrimitives.Multiply(dst, inv, dst);
            TensorPrimitives.FusedMultiplyAdd(dst, gamma, beta, dst);
        }
    }
}
