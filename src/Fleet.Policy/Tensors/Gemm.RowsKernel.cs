using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fleet.Policy.Tensors;

public static unsafe partial class Gemm
{
    /// <summary>
    /// The AVX-512 tile for the ragged last 1–11 rows of C, read straight from A like <see cref="DirectKernel"/>. Before
    /// it, those rows were zero-padded to a whole 12-row tile: at the expert's 50 rows (4 tiles + 2 rows) that computed
    /// 60 rows and packed the last two. One generic body is specialised per row count by the JIT (the row count is a
    /// constant of the struct type argument, so the unused rows' code is dropped); each row sums over k in the same
    /// order with the same fused multiply-adds as the 12-row kernels, so results are bit-identical.
    /// </summary>
    private static class RowsKernel
    {
        /// <summary>True where the kernel exists (the AVX-512 12×32 tile).</summary>
        public static bool IsSupported => DirectKernel.IsSupported;

        /// <summary>C[rows×32] (+)= A[rows of stride lda, kc] · packed B panel, for 1 ≤ rows ≤ 11.</summary>
        public static void Run(int rows, int kc, float* a, nint lda, float* b, float* c, int ldc, bool add)
        {
            switch (rows)
            {
                case 1: Run<R1, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 2: Run<R2, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 3: Run<R3, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 4: Run<R4, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 5: Run<R5, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 6: Run<R6, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 7: Run<R7, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 8: Run<R8, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 9: Run<R9, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 10: Run<R10, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                case 11: Run<R11, NoPrefetch>(kc, a, lda, b, c, ldc, add, null); break;
                default: throw new ArgumentOutOfRangeException(nameof(rows), rows, "The ragged-row kernel takes 1 to 11 rows.");
            }
        }

        /// <summary>
        /// C[12×32] (+)= A · packed B panel like <see cref="DirectKernel"/>, while prefetching into L2 the
        /// <paramref name="kc"/>×32 panel at <paramref name="next"/> (two cache lines per k step). At 50 rows the expert's
        /// weights (~400 MB per step, far more than the caches) are each used by only a few row tiles, so the first tile
        /// of a panel fetches the next panel while it computes instead of every panel waiting on memory.
        /// </summary>
        public static void RunPrefetching(int kc, float* a, nint lda, float* b, float* c, int ldc, bool add, float* next) =>
            Run<R12, Prefetch>(kc, a, lda, b, c, ldc, add, next);

        private interface IRows
        {
            static abstract int Count { get; }
        }

        private interface IPrefetch
        {
            static abstract bool On { get; }
        }

        private struct Prefetch : IPrefetch { public static bool On => true; }

        private struct NoPrefetch : IPrefetch { public static bool On => false; }

        private struct R1 : IRows { public static int Count => 1; }
        private struct R2 : IRows { public static int Count => 2; }
        private struct R3 : IRows { public static int Count => 3; }
        private struct R4 : IRows { public static int Count => 4; }
        private struct R5 : IRows { public static int Count => 5; }
        private struct R6 : IRows { public static int Count => 6; }
        private struct R7 : IRows { public static int Count => 7; }
        private struct R8 : IRows { public static int Count => 8; }
        private struct R9 : IRows { public static int Count => 9; }
        private struct R10 : IRows { public static int Count => 10; }
        private struct R11 : IRows { public static int Count => 11; }
        private struct R12 : IRows { public static int Count => 12; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Run<T, TPrefetch>(int kc, float* a, nint lda, float* b, float* c, int ldc, bool add, float* next)
            where T : struct, IRows where TPrefetch : struct, IPrefetch
        {
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default, c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
            nint l2 = 2 * lda;
            float* a0 = a, a3 = a + 3 * lda, a6 = a + 6 * lda, a9 = a + 9 * lda;
            float* end = a0 + kc;
            while (a0 < end)
            {
                var b0 = Avx512F.LoadVector512(b);
                var b1 = Avx512F.LoadVector512(b + 16);
                Vector512<float> x;
                x = Vector512.Create(*a0);
                c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
                if (T.Count > 1)
                {
                    x = Vector512.Create(a0[lda]);
                    c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
                }
                if (T.Count > 2)
                {
                    x = Vector512.Create(a0[l2]);
                    c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
                }
                if (T.Count > 3)
                {
                    x = Vector512.Create(*a3);
                    c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
                }
                if (T.Count > 4)
                {
                    x = Vector512.Create(a3[lda]);
                    c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
                }
                if (T.Count > 5)
                {
                    x = Vector512.Create(a3[l2]);
                    c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
                }
                if (T.Count > 6)
                {
                    x = Vector512.Create(*a6);
                    c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
                }
                if (T.Count > 7)
                {
                    x = Vector512.Create(a6[lda]);
                    c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
                }
                if (T.Count > 8)
                {
                    x = Vector512.Create(a6[l2]);
                    c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
                }
                if (T.Count > 9)
                {
                    x = Vector512.Create(*a9);
                    c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
                }
                if (T.Count > 10)
                {
                    x = Vector512.Create(a9[lda]);
                    c100 = Avx512F.FusedMultiplyAdd(x, b0, c100); c101 = Avx512F.FusedMultiplyAdd(x, b1, c101);
                }
                if (T.Count > 11)
                {
                    x = Vector512.Create(a9[l2]);
                    c110 = Avx512F.FusedMultiplyAdd(x, b0, c110); c111 = Avx512F.FusedMultiplyAdd(x, b1, c111);
                }
                if (TPrefetch.On)
                {
                    Sse.Prefetch1(next);
                    Sse.Prefetch1(next + 16);
                    next += 32;
                }
                a0++; a3++; a6++; a9++;
                b += 32;
            }
            MicroKernel.Store512(c, c00, c01, add);
            if (T.Count > 1) MicroKernel.Store512(c + 1L * ldc, c10, c11, add);
            if (T.Count > 2) MicroKernel.Store512(c + 2L * ldc, c20, c21, add);
            if (T.Count > 3) MicroKernel.Store512(c + 3L * ldc, c30, c31, add);
            if (T.Count > 4) MicroKernel.Store512(c + 4L * ldc, c40, c41, add);
            if (T.Count > 5) MicroKernel.Store512(c + 5L * ldc, c50, c51, add);
            if (T.Count > 6) MicroKernel.Store512(c + 6L * ldc, c60, c61, add);
            if (T.Count > 7) MicroKernel.Store512(c + 7L * ldc, c70, c71, add);
            if (T.Count > 8) MicroKernel.Store512(c + 8L * ldc, c80, c81, add);
            if (T.Count > 9) MicroKernel.Store512(c + 9L * ldc, c90, c91, add);
            if (T.Count > 10) MicroKernel.Store512(c + 10L * ldc, c100, c101, add);
            if (T.Count > 11) MicroKernel.Store512(c + 11L * ldc, c110, c111, add);
        }
    }
}
