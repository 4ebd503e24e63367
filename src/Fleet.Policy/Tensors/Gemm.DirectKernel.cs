using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fleet.Policy.Tensors;

public static unsafe partial class Gemm
{
    /// <summary>
    /// The AVX-512 12×32 register tile reading A straight from its row-major storage (row stride lda) instead of a
    /// packed panel. Packing A is a scalar transpose that cost as much as a third of the multiply when C has few
    /// columns (a 64-channel conv reuses each packed value for only two B panels); broadcasting from the rows needs no
    /// copy at all. The sum over k runs in the same order as <see cref="MicroKernel"/>, so results are bit-identical.
    /// </summary>
    private static class DirectKernel
    {
        /// <summary>True where the direct kernel exists (it needs the 12×32 AVX-512 tile of <see cref="MicroKernel"/>).</summary>
        public static bool IsSupported => Avx512F.IsSupported;

        /// <summary>C[12×32] (+)= A[12 rows of stride lda, kc] · packed B panel.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run(int kc, float* a, nint lda, float* b, float* c, int ldc, bool add) =>
            RunSegments(kc, 1, a, lda, 0, b, c, ldc, add);

        /// <summary>
        /// C[12×32] (+)= Σ over <paramref name="segments"/> runs of <paramref name="kc"/> k-steps: the rows of run s start at
        /// <c>a + s·aSegStride</c> (an implicit im2col: one run per kernel row of a convolution); B continues across runs.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void RunSegments(int kc, int segments, float* a, nint lda, nint aSegStride, float* b, float* c, int ldc, bool add = false)
        {
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default, c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
            // Four base rows advance one float per step; the other rows are reached with the same two index registers.
            nint l2 = 2 * lda;
            for (int s = 0; s < segments; s++)
            {
                float* a0 = a + s * aSegStride, a3 = a0 + 3 * lda, a6 = a0 + 6 * lda, a9 = a0 + 9 * lda;
                float* end = a0 + kc;
                while (a0 < end)
                {
                    var b0 = Avx512F.LoadVector512(b);
                    var b1 = Avx512F.LoadVector512(b + 16);
                    Vector512<float> x;
                    x = Vector512.Create(*a0);
                    c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
                    x = Vector512.Create(a0[lda]);
                    c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
                    x = Vector512.Create(a0[l2]);
                    c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
                    x = Vector512.Create(*a3);
                    c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
                    x = Vector512.Create(a3[lda]);
                    c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
                    x = Vector512.Create(a3[l2]);
                    c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
                    x = Vector512.Create(*a6);
                    c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
                    x = Vector512.Create(a6[lda]);
                    c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
                    x = Vector512.Create(a6[l2]);
                    c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
                    x = Vector512.Create(*a9);
                    c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
                    x = Vector512.Create(a9[lda]);
                    c100 = Avx512F.FusedMultiplyAdd(x, b0, c100); c101 = Avx512F.FusedMultiplyAdd(x, b1, c101);
                    x = Vector512.Create(a9[l2]);
                    c110 = Avx512F.FusedMultiplyAdd(x, b0, c110); c111 = Avx512F.FusedMultiplyAdd(x, b1, c111);
                    a0++; a3++; a6++; a9++;
                    b += 32;
                }
            }
            MicroKernel.Store512(c + 0L * ldc, c00, c01, add);
            MicroKernel.Store512(c + 1L * ldc, c10, c11, add);
            MicroKernel.Store512(c + 2L * ldc, c20, c21, add);
            MicroKernel.Store512(c + 3L * ldc, c30, c31, add);
            MicroKernel.Store512(c + 4L * ldc, c40, c41, add);
            MicroKernel.Store512(c + 5L * ldc, c50, c51, add);
            MicroKernel.Store512(c + 6L * ldc, c60, c61, add);
            MicroKernel.Store512(c + 7L * ldc, c70, c71, add);
            MicroKernel.Store512(c + 8L * ldc, c80, c81, add);
            MicroKernel.Store512(c + 9L * ldc, c90, c91, add);
            MicroKernel.Store512(c + 10L * ldc, c100, c101, add);
            MicroKernel.Store512(c + 11L * ldc, c110, c111, add);
        }
    }
}
