namespace Fleet.Policy.Tensors;

public static unsafe partial class Gemm
{
    /// <summary>
    /// One 12×32 register tile of an implicit-GEMM convolution (AVX-512 only, see <see cref="SupportsStridedRows"/>):
    /// <c>C[TileRows × 32] (+)= A·B</c> where row r of A is <paramref name="segments"/> runs of <paramref name="segmentLength"/>
    /// values at <c>a + r·lda + s·segmentStride</c>, read in place from a padded channels-last map, and
    /// <paramref name="panel"/> is one packed 32-column panel of <c>segments·segmentLength</c> rows of B.
    /// <paramref name="add"/> accumulates into C (a later K block); otherwise C is overwritten.
    /// </summary>
    internal static void ConvTile(int segmentLength, int segments, float* a, nint lda, nint segmentStride, float* panel, float* c, int ldc, bool add) =>
        DirectKernel.RunSegments(segmentLength, segments, a, lda, segmentStride, panel, c, ldc, add);

    /// <summary>
    /// Packs <c>Bᵀ</c> (<paramref name="b"/> stored <c>[n, k]</c> row-major, a conv weight as <c>[out, ky·kx·in]</c>) into
    /// K blocks of <paramref name="blockK"/> rows (k must be a multiple): block i starts at <c>i·blockK·PaddedN</c> and
    /// holds the 32-wide column panels side by side, each <c>blockK × 32</c>, zero-padded to whole panels.
    /// </summary>
    internal static float[] PackConvWeights(ReadOnlySpan<float> b, int k, int n, int blockK)
    {
        if (blockK <= 0 || k % blockK != 0)
            throw new ArgumentException($"PackConvWeights: K = {k} is not a multiple of the block size {blockK}.");
        int nr = MicroKernel.NR, padded = (n + nr - 1) / nr * nr;
        var data = GC.AllocateArray<float>(checked(k * padded), pinned: true);
        fixed (float* src = b, dst = data)
        {
            for (int pc = 0; pc < k; pc += blockK)
                Packing.PackB(src, k, true, pc, blockK, 0, n, nr, dst + (long)pc * padded);
        }
        return data;
    }
}
