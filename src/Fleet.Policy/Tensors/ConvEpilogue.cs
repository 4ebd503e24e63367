using System.Runtime.Intrinsics;

namespace Fleet.Policy.Tensors;

/// <summary>
/// The end of a convolution: <c>y = relu?(y + bias + residual?)</c> over contiguous channels-last rows, in one pass
/// while the rows are still in cache (three separate vector passes cost ~3% of an ACT prediction).
/// </summary>
internal static unsafe class ConvEpilogue
{
    /// <summary>Applies bias, the optional residual (same layout as <paramref name="y"/>) and the optional ReLU to <paramref name="rows"/> rows of <paramref name="cout"/> values.</summary>
    public static void Apply(float* y, float* bias, float* residual, int rows, int cout, bool relu)
    {
        for (int r = 0; r < rows; r++, y += cout)
        {
            float* res = residual == null ? null : residual + (long)r * cout;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j + 16 <= cout; j += 16)
                {
                    var v = Vector512.Load(y + j) + Vector512.Load(bias + j);
                    if (res != null) v += Vector512.Load(res + j);
                    if (relu) v = Vector512.Max(v, Vector512<float>.Zero);
                    v.Store(y + j);
                }
            }
            for (; j < cout; j++)
            {
                float v = y[j] + bias[j];
                if (res != null) v += res[j];
                y[j] = relu ? Math.Max(v, 0f) : v;
            }
        }
    }
}
