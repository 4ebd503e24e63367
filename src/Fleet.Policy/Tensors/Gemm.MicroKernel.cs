using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fleet.Policy.Tensors;

public static unsafe partial class Gemm
{
    /// <summary>
    /// The register tile: MR rows × NR columns of C held in vector registers for a whole K block
    /// (12×32 in twenty-four 512-bit registers with AVX-512, 6×16 in twelve 256-bit registers with AVX2/FMA,
    /// plain loops otherwise).
    /// </summary>
    private static class MicroKernel
    {
        public static readonly int MR = Avx512F.IsSupported ? 12 : 6;
        public const int MaxMR = 12;
        public const int MaxNR = 32;
        public static readonly int NR = Avx512F.IsSupported ? 32 : 16;

        public static void Run(int kc, float* a, float* b, float* c, int ldc, bool add)
        {
            if (Avx512F.IsSupported)
                Run512(kc, a, b, c, ldc, add);
            else if (Fma.IsSupported)
                Run256(kc, a, b, c, ldc, add);
            else
                RunPortable(kc, a, b, c, ldc, add);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Run512(int kc, float* a, float* b, float* c, int ldc, bool add)
        {
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default, c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
            for (int p = 0; p < kc; p++)
            {
                var b0 = Avx512F.LoadVector512(b);
                var b1 = Avx512F.LoadVector512(b + 16);
                Vector512<float> x;
                x = Vector512.Create(a[0]);
                c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a[1]);
                c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a[2]);
                c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a[3]);
                c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
                x = Vector512.Create(a[4]);
                c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a[5]);
                c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(a[6]);
                c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a[7]);
                c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
                x = Vector512.Create(a[8]);
                c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
                x = Vector512.Create(a[9]);
                c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
                x = Vector512.Create(a[10]);
                c100 = Avx512F.FusedMultiplyAdd(x, b0, c100); c101 = Avx512F.FusedMultiplyAdd(x, b1, c101);
                x = Vector512.Create(a[11]);
                c110 = Avx512F.FusedMultiplyAdd(x, b0, c110); c111 = Avx512F.FusedMultiplyAdd(x, b1, c111);
                a += MR;
                b += 32;
            }
            Store512(c + 0L * ldc, c00, c01, add);
            Store512(c + 1L * ldc, c10, c11, add);
            Store512(c + 2L * ldc, c20, c21, add);
            Store512(c + 3L * ldc, c30, c31, add);
            Store512(c + 4L * ldc, c40, c41, add);
            Store512(c + 5L * ldc, c50, c51, add);
            Store512(c + 6L * ldc, c60, c61, add);
            Store512(c + 7L * ldc, c70, c71, add);
            Store512(c + 8L * ldc, c80, c81, add);
            Store512(c + 9L * ldc, c90, c91, add);
            Store512(c + 10L * ldc, c100, c101, add);
            Store512(c + 11L * ldc, c110, c111, add);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Store512(float* row, Vector512<float> v0, Vector512<float> v1, bool add)
        {
            if (add)
            {
                v0 = Avx512F.Add(v0, Avx512F.LoadVector512(row));
                v1 = Avx512F.Add(v1, Avx512F.LoadVector512(row + 16));
            }
            Avx512F.Store(row, v0);
            Avx512F.Store(row + 16, v1);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Run256(int kc, float* a, float* b, float* c, int ldc, bool add)
        {
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            for (int p = 0; p < kc; p++)
            {
                var b0 = Avx.LoadVector256(b);
                var b1 = Avx.LoadVector256(b + 8);
                var x = Vector256.Create(a[0]);
                c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
                x = Vector256.Create(a[1]);
                c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
                x = Vector256.Create(a[2]);
                c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
                x = Vector256.Create(a[3]);
                c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
                x = Vector256.Create(a[4]);
                c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
                x = Vector256.Create(a[5]);
                c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
                a += MR;
                b += 16;
            }
            Store256(c, c00, c01, add); Store256(c + ldc, c10, c11, add); Store256(c + 2L * ldc, c20, c21, add);
            Store256(c + 3L * ldc, c30, c31, add); Store256(c + 4L * ldc, c40, c41, add); Store256(c + 5L * ldc, c50, c51, add);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store256(float* row, Vector256<float> v0, Vector256<float> v1, bool add)
        {
            if (add)
            {
                v0 = Avx.Add(v0, Avx.LoadVector256(row));
                v1 = Avx.Add(v1, Avx.LoadVector256(row + 8));
            }
            Avx.Store(row, v0);
            Avx.Store(row + 8, v1);
        }

        private static void RunPortable(int kc, float* a, float* b, float* c, int ldc, bool add)
        {
            int nr = NR;
            float* acc = stackalloc float[MaxMR * MaxNR];
            new Span<float>(acc, MR * nr).Clear();
            for (int p = 0; p < kc; p++)
                for (int r = 0; r < MR; r++)
                {
                    float x = a[p * MR + r];
                    for (int j = 0; j < nr; j++) acc[r * nr + j] = MathF.FusedMultiplyAdd(x, b[p * nr + j], acc[r * nr + j]);
                }
            for (int r = 0; r < MR; r++)
                for (int j = 0; j < nr; j++)
                    c[(long)r * ldc + j] = add ? c[(long)r * ldc + j] + acc[r * nr + j] : acc[r * nr + j];
        }
    }
}
