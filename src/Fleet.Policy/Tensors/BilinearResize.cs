namespace Fleet.Policy.Tensors;

/// <summary>
/// Bilinear resize with PyTorch's <c>align_corners=False</c> rule and no antialiasing: output pixel o samples source
/// coordinate <c>(o + 0.5)·in/out − 0.5</c>, clamped below at 0, between the two nearest pixels (the upper one
/// clamped to the last pixel).
/// </summary>
public static class BilinearResize
{
    /// <summary>Resizes each channel of <paramref name="input"/> <c>[c, h, w]</c> to <paramref name="output"/> <c>[c, oh, ow]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> input, int channels, int h, int w, Span<float> output, int oh, int ow)
    {
        var ys = Taps(h, oh);
        var xs = Taps(w, ow);
        for (int c = 0; c < channels; c++)
        {
            var src = input.Slice(c * h * w, h * w);
            var dst = output.Slice(c * oh * ow, oh * ow);
            for (int oy = 0; oy < oh; oy++)
            {
                var (y0, y1, ly) = ys[oy];
                for (int ox = 0; ox < ow; ox++)
                {
                    var (x0, x1, lx) = xs[ox];
                    float top = src[y0 * w + x0] * (1 - lx) + src[y0 * w + x1] * lx;
                    float bottom = src[y1 * w + x0] * (1 - lx) + src[y1 * w + x1] * lx;
                    dst[oy * ow + ox] = top * (1 - ly) + bottom * ly;
                }
            }
        }
    }

    private static (int Lo, int Hi, float Frac)[] Taps(int inSize, int outSize)
    {
        var taps = new (int, int, float)[outSize];
        float scale = (float)inSize / outSize;
        for (int o = 0; o < outSize; o++)
        {
            float src = Math.Max((o + 0.5f) * scale - 0.5f, 0f);
            int lo = Math.Min((int)src, inSize - 1);
            int hi = Math.Min(lo + 1, inSize - 1);
            taps[o] = (lo, hi, src - lo);
        }
        return taps;
    }
}
