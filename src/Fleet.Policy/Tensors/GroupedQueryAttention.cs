using System.Buffers;
using System.Numerics.Tensors;

namespace Fleet.Policy.Tensors;

/// <summary>
/// Grouped-query attention over one sequence (Llama/SmolLM2 style): query head h reads key/value head
/// <c>h / (heads / kvHeads)</c>; <c>out_h = softmax(Q_h·K_gᵀ·scale)·V_g</c> in fp32. Visibility is a per-row prefix
/// of the keys: row i sees keys <c>0 .. visibleKeys[i]−1</c>. That covers causal, prefix-LM and padding masks once
/// padded keys are dropped, and it equals PyTorch's fp32-minimum masking exactly (masked probabilities are 0).
/// Heads run in parallel; each output element is summed in a fixed order, so results do not depend on the thread count.
/// </summary>
public static class GroupedQueryAttention
{
    /// <summary>Runs attention for one sequence.</summary>
    /// <param name="q">Queries, <c>queries × ldq</c>; head h at columns <c>h·headDim</c>.</param>
    /// <param name="ldq">Row stride of <paramref name="q"/>.</param>
    /// <param name="k">Keys, <c>keys × ldk</c>; KV head g at columns <c>g·headDim</c>.</param>
    /// <param name="ldk">Row stride of <paramref name="k"/>.</param>
    /// <param name="v">Values, <c>keys × ldv</c>.</param>
    /// <param name="ldv">Row stride of <paramref name="v"/>.</param>
    /// <param name="queries">Query rows.</param>
    /// <param name="keys">Key rows.</param>
    /// <param name="heads">Query heads.</param>
    /// <param name="kvHeads">Key/value heads; must divide <paramref name="heads"/>.</param>
    /// <param name="headDim">Width of one head.</param>
    /// <param name="visibleKeys">Per query row, how many leading keys it sees (1..keys); empty means all keys.</param>
    /// <param name="output">Result, <c>queries × ldo</c>, head h at columns <c>h·headDim</c>.</param>
    /// <param name="ldo">Row stride of <paramref name="output"/>.</param>
    /// <param name="parallelism">Threads to split the heads over; null runs on the calling thread.</param>
    public static unsafe void Forward(ReadOnlySpan<float> q, int ldq, ReadOnlySpan<float> k, int ldk, ReadOnlySpan<float> v, int ldv,
        int queries, int keys, int heads, int kvHeads, int headDim, ReadOnlySpan<int> visibleKeys, Span<float> output, int ldo,
        Parallelism? parallelism = null)
    {
        if (heads % kvHeads != 0)
            throw new ArgumentException($"{heads} query heads cannot be grouped over {kvHeads} key/value heads.");
        if (!visibleKeys.IsEmpty && visibleKeys.Length != queries)
            throw new ArgumentException($"visibleKeys holds {visibleKeys.Length} rows; {queries} queries need one each.");
        foreach (int limit in visibleKeys)
            if (limit < 1 || limit > keys)
                throw new ArgumentOutOfRangeException(nameof(visibleKeys), limit, $"A query must see between 1 and {keys} keys.");
        fixed (float* pq = q, pk = k, pv = v, po = output)
        fixed (int* pl = visibleKeys)
        {
            var job = new Job((nint)pq, ldq, (nint)pk, ldk, (nint)pv, ldv, queries, keys, heads / kvHeads, headDim,
                (nint)pl, visibleKeys.Length, (nint)po, ldo, q.Length, k.Length, v.Length, output.Length);
            if (parallelism is null || heads == 1) for (int h = 0; h < heads; h++) job.Head(h);
            else parallelism.For(heads, job.Head);
        }
    }

    private sealed unsafe class Job(nint q, int ldq, nint k, int ldk, nint v, int ldv, int queries, int keys, int group, int headDim,
        nint limits, int limitCount, nint output, int ldo, int qLength, int kLength, int vLength, int outLength)
    {
        public void Head(int h)
        {
            int g = h / group;
            float scale = 1f / MathF.Sqrt(headDim);
            float[] scoresArray = ArrayPool<float>.Shared.Rent(queries * keys);
            try
            {
                var scores = scoresArray.AsSpan(0, queries * keys);
                var qs = new ReadOnlySpan<float>((float*)q, qLength)[(h * headDim)..];
                var ks = new ReadOnlySpan<float>((float*)k, kLength)[(g * headDim)..];
                var vs = new ReadOnlySpan<float>((float*)v, vLength)[(g * headDim)..];
                var os = new Span<float>((float*)output, outLength)[(h * headDim)..];
                Gemm.Multiply(queries, keys, headDim, qs, ldq, false, ks, ldk, true, scores, keys, false);
                var rowLimits = new ReadOnlySpan<int>((int*)limits, limitCount);
                for (int i = 0; i < queries; i++)
                {
                    int visible = rowLimits.IsEmpty ? keys : rowLimits[i];
                    var row = scores.Slice(i * keys, keys);
                    SoftmaxPrefix(row[..visible], scale);
                    row[visible..].Clear();
                }
                Gemm.Multiply(queries, headDim, keys, scores, keys, false, vs, ldv, false, os, ldo, false);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scoresArray);
            }
        }

        // Scale first, then subtract the maximum: the same rounding as PyTorch's scores·scale → softmax.
        private static void SoftmaxPrefix(Span<float> row, float scale)
        {
            TensorPrimitives.Multiply(row, scale, row);
            float max = TensorPrimitives.Max(row);
            float sum = 0;
            for (int j = 0; j < row.Length; j++)
            {
                float e = MathF.Exp(row[j] - max);
                row[j] = e;
                sum += e;
            }
            TensorPrimitives.Multiply(row, 1f / sum, row);
        }
    }
}
