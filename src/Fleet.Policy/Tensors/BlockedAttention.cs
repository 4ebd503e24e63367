using System.Buffers;
using System.Numerics.Tensors;

namespace Fleet.Policy.Tensors;

/// <summary>
/// Unmasked multi-head scaled dot-product attention for long sequences (a vision transformer's 1024 patches):
/// <c>out_h = softmax(Q_h·K_hᵀ·scale)·V_h</c>. The work is cut into (head, block of <see cref="QueryBlock"/> query
/// rows) items so the scores of one item stay in cache, and the items are split into contiguous ranges over the
/// threads of a <see cref="Parallelism"/>. Each output value is computed by the same code whatever the thread count,
/// so results do not depend on it. Layout as <see cref="Attention"/>: row-major token matrices, head h in columns
/// <c>h·headDim .. (h+1)·headDim</c>, leading dimensions let Q, K and V be slices of one fused projection.
/// </summary>
public static unsafe class BlockedAttention
{
    /// <summary>Query rows per work item.</summary>
    public const int QueryBlock = 256;

    /// <summary>Runs attention of <paramref name="queries"/> query rows against <paramref name="keys"/> key/value rows.</summary>
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
    /// <param name="scale">Score scale (1 when the caller folded it into Q already).</param>
    /// <param name="output">Result, <c>queries × ldo</c>; must not overlap the inputs.</param>
    /// <param name="ldo">Row stride of <paramref name="output"/>.</param>
    /// <param name="parallelism">Threads to use; null runs on the calling thread.</param>
    /// <exception cref="ArgumentException">There are no keys, or a buffer is too small for its rows and stride.</exception>
    public static void Forward(ReadOnlySpan<float> q, int ldq, ReadOnlySpan<float> k, int ldk, ReadOnlySpan<float> v, int ldv,
        int queries, int keys, int heads, int headDim, float scale, Span<float> output, int ldo, Parallelism? parallelism)
    {
        if (queries == 0 || heads == 0)
            return;
        if (keys <= 0)
            throw new ArgumentException($"Attention of {queries} queries needs at least one key, got {keys}.");
        int width = heads * headDim;
        OperandExtent.Check("Attention", q.Length, queries, width, ldq, "Q");
        OperandExtent.Check("Attention", k.Length, keys, width, ldk, "K");
        OperandExtent.Check("Attention", v.Length, keys, width, ldv, "V");
        OperandExtent.Check("Attention", output.Length, queries, width, ldo, "output");
        int blocks = (queries + QueryBlock - 1) / QueryBlock, items = heads * blocks;
        int parts = Math.Min(parallelism?.ThreadCount ?? 1, items);
        fixed (float* pq = q, pk = k, pv = v, po = output)
        {
            var job = new Job((nint)pq, ldq, (nint)pk, ldk, (nint)pv, ldv, (nint)po, ldo, queries, keys, headDim, blocks, scale);
            if (parts <= 1)
                job.Run(0, items);
            else
                parallelism!.For(parts, t => job.Run((int)((long)items * t / parts), (int)((long)items * (t + 1) / parts)));
        }
    }

    /// <summary>The operands, as raw pointers so that thread bodies can rebuild spans; <see cref="Run"/> does a range of items.</summary>
    private sealed class Job(nint q, int ldq, nint k, int ldk, nint v, int ldv, nint o, int ldo, int queries, int keys, int headDim, int blocks, float scale)
    {
        public void Run(int itemStart, int itemEnd)
        {
            float[] scoresArray = ArrayPool<float>.Shared.Rent(QueryBlock * keys);
            float[] keysArray = ArrayPool<float>.Shared.Rent(keys * headDim);
            float[] valuesArray = ArrayPool<float>.Shared.Rent(keys * headDim);
            Span<float> sums = stackalloc float[QueryBlock];
            bool unpackedValues = headDim == AttentionValueKernel.HeadDim && AttentionValueKernel.IsSupported;
            int copiedHead = -1;
            try
            {
                var kHead = keysArray.AsSpan(0, keys * headDim);
                var vHead = valuesArray.AsSpan(0, keys * headDim);
                for (int item = itemStart; item < itemEnd; item++)
                {
                    // Consecutive items share a head: its K and V are copied once into contiguous rows (in a fused
                    // projection they lie thousands of floats apart, which maps them onto few cache sets).
                    int head = item / blocks, row0 = item % blocks * QueryBlock, rows = Math.Min(QueryBlock, queries - row0);
                    int col = head * headDim;
                    if (head != copiedHead)
                    {
                        CopyHead((float*)k + col, ldk, kHead);
                        CopyHead((float*)v + col, ldv, vHead);
                        copiedHead = head;
                    }
                    var scores = scoresArray.AsSpan(0, rows * keys);
                    var qBlock = new ReadOnlySpan<float>((float*)q + (long)row0 * ldq + col, (rows - 1) * ldq + headDim);
                    var oBlock = new Span<float>((float*)o + (long)row0 * ldo + col, (rows - 1) * ldo + headDim);
                    Gemm.Multiply(rows, keys, headDim, qBlock, ldq, false, kHead, headDim, true, scores, keys, false);
                    if (scale != 1f)
                        TensorPrimitives.Multiply(scores, scale, scores);
                    for (int r = 0; r < rows; r++)
                        sums[r] = VectorSoftmax.ExpShifted(scores.Slice(r * keys, keys));
                    if (unpackedValues)
                    {
                        fixed (float* ps = scores, pv = vHead)
                            AttentionValueKernel.Multiply(ps, keys, pv, headDim, rows, keys, (float*)o + (long)row0 * ldo + col, ldo);
                    }
                    else
                    {
                        Gemm.Multiply(rows, headDim, keys, scores, keys, false, vHead, headDim, false, oBlock, ldo, false);
                    }
                    // Softmax's division, applied to the headDim-wide output rows instead of the keys-wide scores.
                    for (int r = 0; r < rows; r++)
                    {
                        var outRow = oBlock.Slice(r * ldo, headDim);
                        TensorPrimitives.Divide(outRow, sums[r], outRow);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scoresArray);
                ArrayPool<float>.Shared.Return(keysArray);
                ArrayPool<float>.Shared.Return(valuesArray);
            }
        }

        private void CopyHead(float* source, int ld, Span<float> destination)
        {
            for (int j = 0; j < keys; j++)
                new ReadOnlySpan<float>(source + (long)j * ld, headDim).CopyTo(destination.Slice(j * headDim, headDim));
        }
    }
}
