using System.Buffers;

namespace Fleet.Policy.Tensors;

/// <summary>
/// Single-precision matrix multiply: <c>C[m,n] = op(A)[m,k] · op(B)[k,n]</c> (or <c>C +=</c> with
/// <c>accumulate</c>), where <c>op</c> optionally transposes a row-major operand. Cache-blocked the BLIS way
/// (pack a K×N block of B, then M×K blocks of A, run a register-tiled micro-kernel), with AVX-512 or AVX2/FMA
/// micro-kernels and a portable fallback. Large problems are split across <see cref="Parallelism.ThreadCount"/>
/// threads by rows or columns; each output element is always summed in the same order, so results do not depend
/// on the thread count.
/// </summary>
public static unsafe partial class Gemm
{
    private const int KC = 256;

    /// <summary>Rows of k per packed block (see <see cref="PackedMatrix"/>).</summary>
    internal const int BlockK = KC;

    /// <summary>Columns per micro-kernel panel on this machine.</summary>
    internal static int PanelWidth => MicroKernel.NR;

    internal static void PackBlockB(float* b, int ldb, bool trans, int p0, int kc, int j0, int nc, float* dst) =>
        Packing.PackB(b, ldb, trans, p0, kc, j0, nc, MicroKernel.NR, dst);
    private const int MC = 96;
    private const int NC = 2048;
    private const long ParallelThresholdFlops = 1 << 20;

    /// <summary>Computes <c>C = op(A)·op(B)</c> or <c>C += op(A)·op(B)</c>.</summary>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>; stored as k×m when <paramref name="transposeA"/>.</param>
    /// <param name="lda">Stride between stored rows of A.</param>
    /// <param name="transposeA">Use Aᵀ.</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>; stored as n×k when <paramref name="transposeB"/>.</param>
    /// <param name="ldb">Stride between stored rows of B.</param>
    /// <param name="transposeB">Use Bᵀ (a Linear layer's [out, in] weight).</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Stride between rows of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="parallelism">Threads to use; null runs on the calling thread.</param>
    public static void Multiply(int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, bool accumulate, Parallelism? parallelism = null)
    {
        if (m == 0 || n == 0)
            return;
        OperandExtent.Check("GEMM", a.Length, transposeA ? k : m, transposeA ? m : k, lda, "A");
        OperandExtent.Check("GEMM", b.Length, transposeB ? n : k, transposeB ? k : n, ldb, "B");
        OperandExtent.Check("GEMM", c.Length, m, n, ldc, "C");
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new Problem((nint)pa, lda, transposeA, (nint)pb, ldb, transposeB, (nint)pc, ldc, accumulate, k);
            int threads = parallelism?.ThreadCount ?? 1;
            if (threads == 1 || (long)m * n * k < ParallelThresholdFlops)
            {
                problem.Run(0, m, 0, n);
                return;
            }
            Split(problem, m, n, threads, parallelism!);
        }
    }

    /// <summary>Computes <c>C = op(A)·B</c> or <c>C += op(A)·B</c> with B packed in advance.</summary>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of B and C; must equal <see cref="PackedMatrix.N"/>.</param>
    /// <param name="k">Columns of op(A); must equal <see cref="PackedMatrix.K"/>.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>; stored as k×m when <paramref name="transposeA"/>.</param>
    /// <param name="lda">Stride between stored rows of A.</param>
    /// <param name="transposeA">Use Aᵀ.</param>
    /// <param name="b">The packed right-hand operand.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Stride between rows of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="parallelism">Threads to use; null runs on the calling thread.</param>
    public static void Multiply(int m, int n, int k, ReadOnlySpan<float> a, int lda, bool transposeA, PackedMatrix b,
        Span<float> c, int ldc, bool accumulate, Parallelism? parallelism = null)
    {
        if (b.K != k || b.N != n || b.PanelWidth != MicroKernel.NR)
            throw new ArgumentException($"Packed operand is {b.K}x{b.N} (panels of {b.PanelWidth}) but the multiply needs {k}x{n} (panels of {MicroKernel.NR}).");
        if (m == 0 || n == 0 || k == 0)
        {
            if (k == 0 && !accumulate) for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        OperandExtent.Check("GEMM", a.Length, transposeA ? k : m, transposeA ? m : k, lda, "A");
        OperandExtent.Check("GEMM", c.Length, m, n, ldc, "C");
        fixed (float* pa = a, pc = c, pb = b.Data)
        {
            var problem = new Problem((nint)pa, lda, transposeA, (nint)pb, b.PaddedN, false, (nint)pc, ldc, accumulate, k, prepacked: true);
            int threads = parallelism?.ThreadCount ?? 1;
            if (threads == 1 || (long)m * n * k < ParallelThresholdFlops)
                problem.Run(0, m, 0, n);
            else
                Split(problem, m, n, threads, parallelism!);
        }
    }

    private static void Split(Problem problem, int m, int n, int threads, Parallelism parallelism)
    {
        int nr = MicroKernel.NR;
        if (n >= m && n >= nr * threads)
        {
            int panels = (n + nr - 1) / nr;
            parallelism.For(threads, t =>
            {
                int start = (int)((long)panels * t / threads) * nr, end = Math.Min(n, (int)((long)panels * (t + 1) / threads) * nr);
                if (start < end) problem.Run(0, m, start, end);
            });
        }
        else
        {
            int mr = MicroKernel.MR;
            int panels = (m + mr - 1) / mr;
            int parts = Math.Min(threads, panels);
            parallelism.For(parts, t =>
            {
                int start = (int)((long)panels * t / parts) * mr, end = Math.Min(m, (int)((long)panels * (t + 1) / parts) * mr);
                if (start < end) problem.Run(start, end, 0, n);
            });
        }
    }

    /// <summary>The operands of one multiply; <see cref="Run"/> computes one rectangle of C single-threaded.</summary>
    private sealed class Problem(nint a, int lda, bool transA, nint b, int ldb, bool transB, nint c, int ldc, bool accumulate, int k, bool prepacked = false)
    {
        public void Run(int rowStart, int rowEnd, int colStart, int colEnd)
        {
            int mr = MicroKernel.MR, nr = MicroKernel.NR;
            // With a prepacked B, ldb is its padded width and block (pc, jc) starts at pc·ldb + jc·kc.
            float[] packedBArray = ArrayPool<float>.Shared.Rent(prepacked ? 1 : KC * (NC + nr));
            float[] packedAArray = ArrayPool<float>.Shared.Rent(KC * (MC + mr));
            try
            {
                fixed (float* scratchB = packedBArray, packedA = packedAArray)
                {
                    for (int jc = colStart; jc < colEnd; jc += NC)
                    {
                        int nc = Math.Min(NC, colEnd - jc);
                        for (int pc = 0; pc < k; pc += KC)
                        {
                            int kc = Math.Min(KC, k - pc);
                            bool add = accumulate || pc > 0;
                            float* packedB = prepacked ? (float*)b + (long)pc * ldb + (long)jc * kc : scratchB;
                            if (!prepacked)
                                Packing.PackB((float*)b, ldb, transB, pc, kc, jc, nc, nr, packedB);
                            for (int ic = rowStart; ic < rowEnd; ic += MC)
                            {
                                int mc = Math.Min(MC, rowEnd - ic);
                                // The direct kernels read A in place, the ragged last rows included (RowsKernel).
                                if (!Direct)
                                    Packing.PackA((float*)a, lda, transA, ic, mc, pc, kc, mr, packedA);
                                Block(packedA, packedB, ic, mc, pc, nc, kc, (float*)c + (long)ic * ldc + jc, ldc, add, NextBlock(pc, jc, ic + mc >= rowEnd));
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packedBArray);
                ArrayPool<float>.Shared.Return(packedAArray);
            }
        }

        /// <summary>Whether A is read in place by <see cref="DirectKernel"/> rather than packed.</summary>
        private bool Direct => !transA && DirectKernel.IsSupported;

        /// <summary>
        /// Where a prepacked B continues after the block (pc, jc): the first panel of this thread's columns in the next
        /// K block, once the last row block has used this one; null when there is none or B is packed per call (then
        /// it is already in cache).
        /// </summary>
        private float* NextBlock(int pc, int jc, bool lastRows)
        {
            if (!prepacked || !lastRows || pc + KC >= k)
                return null;
            return (float*)b + (long)(pc + KC) * ldb + (long)jc * Math.Min(KC, k - pc - KC);
        }

        private void Block(float* packedA, float* packedB, int ic, int mc, int pc, int nc, int kc, float* cBlock, int ldc, bool add, float* nextBlock)
        {
            int mr = MicroKernel.MR, nr = MicroKernel.NR;
            bool direct = Direct;
            float* edge = stackalloc float[MicroKernel.MaxMR * MicroKernel.MaxNR];
            for (int jr = 0; jr < nc; jr += nr)
            {
                int cols = Math.Min(nr, nc - jr);
                float* bPanel = packedB + (long)jr * kc;
                for (int ir = 0; ir < mc; ir += mr)
                {
                    int rows = Math.Min(mr, mc - ir);
                    float* cTile = cBlock + (long)ir * ldc + jr;
                    bool full = rows == mr && cols == nr;
                    if (direct && rows == mr)
                    {
                        float* aRows = (float*)a + (long)(ic + ir) * lda + pc;
                        // A prepacked weight streams from memory (the expert's ~400 MB per step cannot stay cached), and at
                        // 50 rows each panel feeds only five tiles: the first tile fetches the next panel while it computes.
                        float* next = !prepacked ? null : jr + nr < nc ? bPanel + (long)nr * kc : nextBlock;
                        if (ir == 0 && next != null)
                            RowsKernel.RunPrefetching(kc, aRows, lda, bPanel, full ? cTile : edge, full ? ldc : nr, full && add, next);
                        else
                            DirectKernel.Run(kc, aRows, lda, bPanel, full ? cTile : edge, full ? ldc : nr, full && add);
                    }
                    else if (direct)
                    {
                        // The ragged last rows: only as many rows as there are, straight into C when the columns are whole.
                        float* aRows = (float*)a + (long)(ic + ir) * lda + pc;
                        bool whole = cols == nr;
                        RowsKernel.Run(rows, kc, aRows, lda, bPanel, whole ? cTile : edge, whole ? ldc : nr, whole && add);
                        if (!whole)
                            CopyEdge(edge, nr, cTile, ldc, rows, cols, add);
                        continue;
                    }
                    else
                    {
                        float* aPanel = packedA + (long)ir * kc;
                        MicroKernel.Run(kc, aPanel, bPanel, full ? cTile : edge, full ? ldc : nr, full && add);
                    }
                    if (!full)
                        CopyEdge(edge, nr, cTile, ldc, rows, cols, add);
                }
            }
        }

        private static void CopyEdge(float* edge, int nr, float* cTile, int ldc, int rows, int cols, bool add)
        {
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < cols; j++)
                    cTile[(long)r * ldc + j] = add ? cTile[(long)r * ldc + j] + edge[r * nr + j] : edge[r * nr + j];
        }
    }
}
