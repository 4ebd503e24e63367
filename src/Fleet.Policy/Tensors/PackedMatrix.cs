namespace Fleet.Policy.Tensors;

/// <summary>
/// A right-hand GEMM operand (k×n) packed once into the micro-kernel's panel order, for weights that are multiplied
/// many times: <see cref="Gemm.Multiply(int, int, int, ReadOnlySpan{float}, int, bool, PackedMatrix, Span{float}, int, bool, Parallelism?)"/>
/// then skips packing. Layout: for each block of up to 256 rows of k, the NR-wide column panels side by side
/// (zero-padded to a whole panel). The buffer is pinned, so the kernels may hold raw pointers into it. Immutable.
/// </summary>
public sealed unsafe class PackedMatrix
{
    private PackedMatrix(int k, int n, int nr, float[] data)
    {
        K = k;
        N = n;
        PanelWidth = nr;
        PaddedN = (n + nr - 1) / nr * nr;
        Data = data;
    }

    /// <summary>Rows (the shared dimension).</summary>
    public int K { get; }

    /// <summary>Columns.</summary>
    public int N { get; }

    /// <summary>Columns per panel (the micro-kernel's NR).</summary>
    public int PanelWidth { get; }

    /// <summary><see cref="N"/> rounded up to whole panels.</summary>
    public int PaddedN { get; }

    internal float[] Data { get; }

    /// <summary>Packs <c>op(B)</c>: B stored k×n row-major, or n×k when <paramref name="transpose"/> (a Linear weight).</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> b, int k, int n, int ldb, bool transpose)
    {
        int nr = Gemm.PanelWidth, padded = (n + nr - 1) / nr * nr;
        var data = GC.AllocateArray<float>(checked(k * padded), pinned: true);
        fixed (float* src = b, dst = data)
        {
            for (int pc = 0; pc < k; pc += Gemm.BlockK)
            {
                int kc = Math.Min(Gemm.BlockK, k - pc);
                Gemm.PackBlockB(src, ldb, transpose, pc, kc, 0, n, dst + (long)pc * padded);
            }
        }
        return new PackedMatrix(k, n, nr, data);
    }
}
