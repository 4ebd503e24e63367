namespace Fleet.Policy.Tensors;

public static unsafe partial class Gemm
{
    /// <summary>Whether <see cref="StridedRowsTile"/> is available (it needs the AVX-512 direct kernel).</summary>
    internal static bool SupportsStridedRows => DirectKernel.IsSupported;

    /// <summary>Rows of C one <see cref="StridedRowsTile"/> call computes.</summary>
    internal static int TileRows => MicroKernel.MR;

    /// <summary>
    /// One tile of an implicit-im2col convolution: <c>C[TileRows × n] = A·B</c> where row r of A is the concatenation of
    /// <paramref name="segments"/> runs of <paramref name="segmentLength"/> values at <c>a + r·lda + s·segmentStride</c>
    /// (kernel row s of output pixel r, read straight from a padded channels-last map) and B is packed in one K block
    /// (<c>K = segments·segmentLength ≤ BlockK</c>, N a multiple of <see cref="PanelWidth"/>). C is overwritten.
    /// </summary>
    internal static void StridedRowsTile(float* a, nint lda, nint segmentStride, int segments, int segmentLength, PackedMatrix b, float* c, int ldc)
    {
        int k = b.K, nr = MicroKernel.NR;
        if (k != segments * segmentLength || k > BlockK || b.N % nr != 0 || b.PanelWidth != nr)
            throw new ArgumentException($"StridedRowsTile needs one K block of {segments}x{segmentLength} and whole panels; got {b.K}x{b.N}.");
        fixed (float* packed = b.Data)
        {
            // One K block: the panel of columns jr..jr+NR starts at jr·K.
            for (int jr = 0; jr < b.N; jr += nr)
                DirectKernel.RunSegments(segmentLength, segments, a, lda, segmentStride, packed + (long)jr * k, c + jr, ldc);
        }
    }
}
