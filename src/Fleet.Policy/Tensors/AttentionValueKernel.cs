using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fleet.Policy.Tensors;

/// <summary>
/// <c>O = P·V</c> for one attention head of width 64 without packing: P (probabilities, rows × keys) is as wide as the
/// sequence while O is only 64 wide, so a GEMM would spend as long copying P into panels as multiplying it. Here 6 rows
/// of O live in 24 AVX-512 registers while P is read in place and each 64-wide V row is loaded once per 6 query rows.
/// Each output is summed over keys in order, so results do not depend on how rows are split across threads.
/// </summary>
internal static unsafe class AttentionValueKernel
{
    /// <summary>True when this machine can run the kernel (AVX-512F).</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>The head width the kernel is written for.</summary>
    public const int HeadDim = 64;

    /// <summary><c>o[r, 0..64) = Σ_k p[r, k]·v[k, 0..64)</c> for r &lt; <paramref name="rows"/>.</summary>
    public static void Multiply(float* p, int ldp, float* v, int ldv, int rows, int keys, float* o, int ldo)
    {
        int r = 0;
        for (; r + 6 <= rows; r += 6)
            SixRows(p + (long)r * ldp, ldp, v, ldv, keys, o + (long)r * ldo, ldo);
        for (; r < rows; r++)
            OneRow(p + (long)r * ldp, v, ldv, keys, o + (long)r * ldo);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SixRows(float* p, int ldp, float* v, int ldv, int keys, float* o, int ldo)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default,
            c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default,
            c40 = default, c41 = default, c42 = default, c43 = default, c50 = default, c51 = default, c52 = default, c53 = default;
        float* p0 = p, p1 = p + ldp, p2 = p + 2 * ldp, p3 = p + 3 * ldp, p4 = p + 4 * ldp, p5 = p + 5 * ldp;
        for (int k = 0; k < keys; k++)
        {
            float* row = v + (long)k * ldv;
            var v0 = Avx512F.LoadVector512(row);
            var v1 = Avx512F.LoadVector512(row + 16);
            var v2 = Avx512F.LoadVector512(row + 32);
            var v3 = Avx512F.LoadVector512(row + 48);
            var a = Vector512.Create(p0[k]);
            c00 = Avx512F.FusedMultiplyAdd(a, v0, c00); c01 = Avx512F.FusedMultiplyAdd(a, v1, c01); c02 = Avx512F.FusedMultiplyAdd(a, v2, c02); c03 = Avx512F.FusedMultiplyAdd(a, v3, c03);
            a = Vector512.Create(p1[k]);
            c10 = Avx512F.FusedMultiplyAdd(a, v0, c10); c11 = Avx512F.FusedMultiplyAdd(a, v1, c11); c12 = Avx512F.FusedMultiplyAdd(a, v2, c12); c13 = Avx512F.FusedMultiplyAdd(a, v3, c13);
            a = Vector512.Create(p2[k]);
            c20 = Avx512F.FusedMultiplyAdd(a, v0, c20); c21 = Avx512F.FusedMultiplyAdd(a, v1, c21); c22 = Avx512F.FusedMultiplyAdd(a, v2, c22); c23 = Avx512F.FusedMultiplyAdd(a, v3, c23);
            a = Vector512.Create(p3[k]);
            c30 = Avx512F.FusedMultiplyAdd(a, v0, c30); c31 = Avx512F.FusedMultiplyAdd(a, v1, c31); c32 = Avx512F.FusedMultiplyAdd(a, v2, c32); c33 = Avx512F.FusedMultiplyAdd(a, v3, c33);
            a = Vector512.Create(p4[k]);
            c40 = Avx512F.FusedMultiplyAdd(a, v0, c40); c41 = Avx512F.FusedMultiplyAdd(a, v1, c41); c42 = Avx512F.FusedMultiplyAdd(a, v2, c42); c43 = Avx512F.FusedMultiplyAdd(a, v3, c43);
            a = Vector512.Create(p5[k]);
            c50 = Avx512F.FusedMultiplyAdd(a, v0, c50); c51 = Avx512F.FusedMultiplyAdd(a, v1, c51); c52 = Avx512F.FusedMultiplyAdd(a, v2, c52); c53 = Avx512F.FusedMultiplyAdd(a, v3, c53);
        }
        Store(o, c00, c01, c02, c03);
        Store(o + ldo, c10, c11, c12, c13);
        Store(o + 2 * ldo, c20, c21, c22, c23);
        Store(o + 3 * ldo, c30, c31, c32, c33);
        Store(o + 4 * ldo, c40, c41, c42, c43);
        Store(o + 5 * ldo, c50, c51, c52, c53);
    }

    private static void OneRow(float* p, float* v, int ldv, int keys, float* o)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        for (int k = 0; k < keys; k++)
        {
            float* row = v + (long)k * ldv;
            var a = Vector512.Create(p[k]);
            c0 = Avx512F.FusedMultiplyAdd(a, Avx512F.LoadVector512(row), c0);
            c1 = Avx512F.FusedMultiplyAdd(a, Avx512F.LoadVector512(row + 16), c1);
            c2 = Avx512F.FusedMultiplyAdd(a, Avx512F.LoadVector512(row + 32), c2);
            c3 = Avx512F.FusedMultiplyAdd(a, Avx512F.LoadVector512(row + 48), c3);
        }
        Store(o, c0, c1, c2, c3);
    }

    private static void Store(float* o, Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        Avx512F.Store(o, a);
        Avx512F.Store(o + 16, b);
        Avx512F.Store(o + 32, c);
        Avx512F.Store(o + 48, d);
    }
}
