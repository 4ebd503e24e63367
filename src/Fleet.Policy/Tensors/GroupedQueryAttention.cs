using System.Buffers;
using System.Numerics.Tensors;

namespace Fleet.Policy.Tensors;

/// <summary>
/// Grouped-query attention over one sequence (Llama/SmolLM2 style): query head h reads key/value head
/// <c>h / (heads / kvHeads)</c>; <c>out_h = softmax(Q_h·K_gᵀ·scale)·V_g</c> in fp32. Visibility is a per-row prefix
/// of the keys: row i sees keys <c>0 .. visibleKeys[i]−1</c>. That covers causal, prefix-LM and padding masks once
/// padded keys are dropped, and it equals PyTorch's fp32-minimum masking exactly (masked probabilities are 0).
/// K/V heads (with their query heads stacked into one GEMM) and slices of query rows run in parallel; each output element is summed in a fixed order, so results do not depend on the thread count.
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
        if (queries == 0 || heads == 0)
            return;
        OperandExtent.Check("Attention", q.Length, queries, heads * headDim, ldq, "Q");
        OperandExtent.Check("Attention", k.Length, keys, kvHeads * headDim, ldk, "K");
        OperandExtent.Check("Attention", v.Length, keys, kvHeads * headDim, ldv, "V");
        OperandExtent.Check("Attention", output.Length, queries, heads * headDim, ldo, "output");
        int group = heads / kvHeads;
        // Work items are (key/value head, slice of query rows): the `group` query heads that share a K/V head go through
        // one Q·Kᵀ and one P·V GEMM together (K and V are packed once, not once per query head), and slicing the rows
        // keeps both threads busy when there are fewer K/V heads than a multiple of the thread count.
        int threads = parallelism?.ThreadCount ?? 1;
        int slices = threads == 1 || queries < 2 * threads ? 1 : threads;
        int items = kvHeads * slices;
        fixed (float* pq = q, pk = k, pv = v, po = output)
        fixed (int* pl = visibleKeys)
        {
            var job = new Job((nint)pq, ldq, (nint)pk, ldk, (nint)pv, ldv, queries, keys, group, headDim, slices,
                (nint)pl, visibleKeys.Length, (nint)po, ldo);
            if (parallelism is null || items == 1) for (int i = 0; i < items; i++) job.Item(i);
            else parallelism.For(items, job.Item);
        }
    }

    private sealed unsafe class Job(nint q, int ldq, nint k, int ldk, nint v, int ldv, int queries, int keys, int group, int headDim,
        int slices, nint limits, int limitCount, nint output, int ldo)
    {
        /// <summary>
        /// One K/V head g against query rows of slice <c>item mod slices</c>, for its <c>group</c> query heads stacked
        /// head-major (row j·n + i is query row i of head g·group + j). Each score and output element is summed exactly
        /// as with one head at a time (the GEMM's per-element order does not depend on the row count).
        /// </summary>
        public void Item(int item)
        {
            int g = item / slices, slice = item % slices;
            int q0 = (int)((long)queries * slice / slices), q1 = (int)((long)queries * (slice + 1) / slices), n = q1 - q0;
            if (n == 0)
                return;
            int rows = group * n;
            float scale = 1f / MathF.Sqrt(headDim);
            float[] scoresArray = ArrayPool<float>.Shared.Rent(rows * keys);
            float[] stackedArray = ArrayPool<float>.Shared.Rent(rows * headDim);
            try
            {
                var stacked = stackedArray.AsSpan(0, rows * headDim);
                for (int j = 0; j < group; j++)
                    for (int i = 0; i < n; i++)
                        new ReadOnlySpan<float>((float*)q + (long)(q0 + i) * ldq + (g * group + j) * headDim, headDim)
                            .CopyTo(stacked.Slice((j * n + i) * headDim, headDim));
                var scores = scoresArray.AsSpan(0, rows * keys);
                var ks = new ReadOnlySpan<float>((float*)k + g * headDim, (keys - 1) * ldk + headDim);
                var vs = new ReadOnlySpan<float>((float*)v + g * headDim, (keys - 1) * ldv + headDim);
                Gemm.Multiply(rows, keys, headDim, stacked, headDim, false, ks, ldk, true, scores, keys, false);
                var rowLimits = new ReadOnlySpan<int>((int*)limits, limitCount);
                for (int r = 0; r < rows; r++)
                {
                    int visible = rowLimits.IsEmpty ? keys : rowLimits[q0 + r % n];
                    var row = scores.Slice(r * keys, keys);
                    SoftmaxPrefix(row[..visible], scale);
                    row[visible..].Clear();
                }
                // The context goes back into the stacked buffer (Q is no longer needed), then out to its columns.
                Gemm.Multiply(rows, headDim, keys, scores, keys, false, vs, ldv, false, stacked, headDim, false);
                for (int j = 0; j < group; j++)
                    for (int i = 0; i < n; i++)
                        stacked.Slice((j * n + i) * headDim, headDim)
                            .CopyTo(new Span<float>((float*)output + (long)(q0 + i) * ldo + (g * group + j) * headDim, headDim));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scoresArray);
                ArrayPool<float>.Shared.Return(stackedArray);
            }
        }

        // Scale first, then the softmax: the same rounding as PyTorch's scores·scale → softmax. VectorSoftmax's vectorized
        // exponentials replaced scalar MathF.Exp, which was ~half of the expert's attention time.
        private static void SoftmaxPrefix(Span<float> row, float scale)
        {
            TensorPrimitives.Multiply(row, scale, row);
            VectorSoftmax.Forward(row, row.Length);
        }
    }
}
