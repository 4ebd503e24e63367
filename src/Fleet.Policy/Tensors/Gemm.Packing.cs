namespace Fleet.Policy.Tensors;

public static unsafe partial class Gemm
{
    /// <summary>Copies operand blocks into the panel order the micro-kernel streams, zero-padding ragged edges.</summary>
    private static class Packing
    {
        /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc] into MR-row panels: panel-major, then k, then row.</summary>
        public static void PackA(float* a, int lda, bool trans, int i0, int mc, int p0, int kc, int mr, float* dst)
        {
            for (int ip = 0; ip < mc; ip += mr)
            {
                int rows = Math.Min(mr, mc - ip);
                float* panel = dst + (long)ip * kc;
                if (trans)
                {
                    // Aᵀ stored k×m: the MR values of one k are contiguous.
                    for (int p = 0; p < kc; p++)
                    {
                        float* src = a + (long)(p0 + p) * lda + i0 + ip;
                        float* d = panel + p * mr;
                        for (int r = 0; r < rows; r++) d[r] = src[r];
                        for (int r = rows; r < mr; r++) d[r] = 0f;
                    }
                    continue;
                }
                for (int r = 0; r < mr; r++)
                {
                    if (r >= rows)
                    {
                        for (int p = 0; p < kc; p++) panel[p * mr + r] = 0f;
                        continue;
                    }
                    float* src = a + (long)(i0 + ip + r) * lda + p0;
                    for (int p = 0; p < kc; p++) panel[p * mr + r] = src[p];
                }
            }
        }

        /// <summary>Packs op(B)[p0..p0+kc, j0..j0+nc] into NR-column panels: panel-major, then k, then column.</summary>
        public static void PackB(float* b, int ldb, bool trans, int p0, int kc, int j0, int nc, int nr, float* dst)
        {
            for (int jp = 0; jp < nc; jp += nr)
            {
                int cols = Math.Min(nr, nc - jp);
                float* panel = dst + (long)jp * kc;
                if (!trans)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* src = b + (long)(p0 + p) * ldb + j0 + jp;
                        float* d = panel + p * nr;
                        if (cols == nr)
                            Buffer.MemoryCopy(src, d, nr * sizeof(float), nr * sizeof(float));
                        else
                        {
                            for (int j = 0; j < cols; j++) d[j] = src[j];
                            for (int j = cols; j < nr; j++) d[j] = 0f;
                        }
                    }
                    continue;
                }
                // Bᵀ stored n×k (a Linear weight): each column of op(B) is a contiguous row.
                for (int j = 0; j < nr; j++)
                {
                    if (j >= cols)
                    {
                        for (int p = 0; p < kc; p++) panel[p * nr + j] = 0f;
                        continue;
                    }
                    float* src = b + (long)(j0 + jp + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) panel[p * nr + j] = src[p];
                }
            }
        }
    }
}
