namespace Fleet.Policy.Tests.Infrastructure;

/// <summary>Textbook implementations (double accumulation, no blocking) that the fast kernels are checked against.</summary>
public static class Naive
{
    public static float[] Random(int n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();
    }

    public static float[] Gemm(int m, int n, int k, float[] a, int lda, bool ta, float[] b, int ldb, bool tb)
    {
        var c = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * n + j] = (float)s;
            }
        return c;
    }

    public static float[] Conv2d(float[] x, int cin, int h, int w, float[] weight, float[]? bias, int cout, int k, int stride, int pad, int dil)
    {
        int oh = (h + 2 * pad - dil * (k - 1) - 1) / stride + 1, ow = (w + 2 * pad - dil * (k - 1) - 1) / stride + 1;
        var y = new float[cout * oh * ow];
        for (int o = 0; o < cout; o++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    double s = bias?[o] ?? 0;
                    for (int c = 0; c < cin; c++)
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                            {
                                int iy = oy * stride - pad + ky * dil, ix = ox * stride - pad + kx * dil;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                    s += (double)x[(c * h + iy) * w + ix] * weight[((o * cin + c) * k + ky) * k + kx];
                            }
                    y[(o * oh + oy) * ow + ox] = (float)s;
                }
        return y;
    }

    /// <summary>Multi-head attention, one head at a time, with an optional visibility predicate.</summary>
    public static float[] Attention(float[] q, float[] k, float[] v, int lq, int lk, int heads, int hd, Func<int, int, bool>? visible = null)
    {
        int d = heads * hd;
        var o = new float[lq * d];
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < lq; i++)
            {
                var s = new double[lk];
                for (int j = 0; j < lk; j++)
                {
                    double dot = 0;
                    for (int t = 0; t < hd; t++) dot += (double)q[i * d + h * hd + t] * k[j * d + h * hd + t];
                    s[j] = visible is null || visible(i, j) ? dot / Math.Sqrt(hd) : double.NegativeInfinity;
                }
                double max = s.Max(), sum = s.Sum(x => Math.Exp(x - max));
                for (int t = 0; t < hd; t++)
                {
                    double acc = 0;
                    for (int j = 0; j < lk; j++) acc += Math.Exp(s[j] - max) / sum * v[j * d + h * hd + t];
                    o[i * d + h * hd + t] = (float)acc;
                }
            }
        return o;
    }

    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
