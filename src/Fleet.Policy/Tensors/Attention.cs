using System.Buffers;

namespace Fleet.Policy.Tensors;

/// <summary>Which keys each query may see. Masked scores are set to the fp32 minimum (not −∞) so a fully masked row
/// stays finite, as PyTorch-based policies do.</summary>
/// <param name="Causal">Query i sees keys 0..i + (keys − queries): the queries are the last rows of the key sequence.</param>
/// <param name="Allowed">Optional <c>[queries, keys]</c> row-major table; false hides the key from the query.</param>
public sealed record AttentionMask(bool Causal, ReadOnlyMemory<bool> Allowed = default);

/// <summary>
/// Scaled dot-product attention over several heads of one sequence:
/// <c>out_h = softmax(Q_h·K_hᵀ·scale + mask)·V_h</c>. Q, K, V and the output are row-major token matrices whose head
/// h occupies columns <c>h·headDim .. (h+1)·headDim</c>; leading dimensions let callers pass slices of wider
/// projections without copying.
/// </summary>
public static class Attention
{
    /// <summary>Runs attention for <paramref name="queries"/> query rows against <paramref name="keys"/> key/value rows.</summary>
    /// <param name="q">Queries, <c>queries × ldq</c>.</param>
    /// <param name="ldq">Row stride of <paramref name="q"/>.</param>
    /// <param name="k">Keys, <c>keys × ldk</c>.</param>
    /// <param name="ldk">Row stride of <paramref name="k"/>.</param>
    /// <param name="v">Values, <c>keys × ldv</c>.</param>
    /// <param name="ldv">Row stride of <paramref name="v"/>.</param>
    /// <param name="queries">Query rows.</param>
    /// <param name="keys">Key rows.</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="headDim">Width of one head.</param>
    /// <param name="output">Result, <c>queries × ldo</c>.</param>
    /// <param name="ldo">Row stride of <paramref name="output"/>.</param>
    /// <param name="mask">Optional mask; null lets every query see every key.</param>
    /// <param name="scale">Score scale; defaults to <c>1/√headDim</c>.</param>
    public static void Forward(ReadOnlySpan<float> q, int ldq, ReadOnlySpan<float> k, int ldk, ReadOnlySpan<float> v, int ldv,
        int queries, int keys, int heads, int headDim, Span<float> output, int ldo, AttentionMask? mask = null, float? scale = null)
    {
        float s = scale ?? 1f / MathF.Sqrt(headDim);
        float[] scoresArray = ArrayPool<float>.Shared.Rent(queries * keys);
        try
        {
            var scores = scoresArray.AsSpan(0, queries * keys);
            for (int h = 0; h < heads; h++)
            {
                int off = h * headDim;
                Gemm.Multiply(queries, keys, headDim, q[off..], ldq, false, k[off..], ldk, true, scores, keys, false);
                System.Numerics.Tensors.TensorPrimitives.Multiply(scores, s, scores);
                if (mask is not null) ApplyMask(scores, queries, keys, mask);
                Softmax.Forward(scores, keys);
                Gemm.Multiply(queries, headDim, keys, scores, keys, false, v[off..], ldv, false, output[off..], ldo, false);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scoresArray);
        }
    }

    private static void ApplyMask(Span<float> scores, int queries, int keys, AttentionMask mask)
    {
        var allowed = mask.Allowed.Span;
        if (!allowed.IsEmpty && allowed.Length != queries * keys)
            throw new ArgumentException($"Attention mask holds {allowed.Length} entries; [{queries}, {keys}] needs {queries * keys}.");
        int shift = keys - queries;
        for (int i = 0; i < queries; i++)
            for (int j = 0; j < keys; j++)
            {
                bool visible = (!mask.Causal || j <= i + shift) && (allowed.IsEmpty || allowed[i * keys + j]);
                if (!visible) scores[i * keys + j] = float.MinValue;
            }
    }
}
