namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// SmolVLA's image preparation (policies.md §1.3 step 2): keep the aspect ratio and shrink or enlarge the image so
/// that it fits an S×S square, resize with PyTorch's bilinear rule (half-pixel centres, no antialiasing), pad with
/// zeros on the LEFT and TOP only, then map [0, 1] to [−1, 1] with <c>x·2 − 1</c> (so padding becomes −1).
/// </summary>
public static class ImagePreparation
{
    /// <summary>Largest target side accepted (the taps live on the stack).</summary>
    public const int MaxSize = 4096;

    /// <summary>
    /// The size the image is resized to before padding, computed as LeRobot does in double precision:
    /// <c>ratio = max(width/size, height/size)</c>, then <c>(int(height/ratio), int(width/ratio))</c>.
    /// </summary>
    /// <param name="height">Source height in pixels.</param>
    /// <param name="width">Source width in pixels.</param>
    /// <param name="size">Side of the square target.</param>
    /// <exception cref="ArgumentException">A size is not positive or above 4096, or the image would shrink to no pixels on a side.</exception>
    public static (int Height, int Width) ResizedSize(int height, int width, int size)
    {
        CheckSizes(height, width, size);
        double ratio = Math.Max((double)width / size, (double)height / size);
        int h = (int)(height / ratio), w = (int)(width / ratio);
        if (h == 0 || w == 0)
            throw new ArgumentException($"A {height}×{width} image is too elongated to fit {size}×{size}: it would shrink to {h}×{w} pixels.");
        return (h, w);
    }

    /// <summary>
    /// Prepares one image: <paramref name="chw01"/> holds 3 channels of <paramref name="height"/>×<paramref name="width"/>
    /// values in [0, 1] (channel-major, rows inside); <paramref name="out3xSxS"/> receives 3 channels of
    /// <paramref name="size"/>×<paramref name="size"/> values in [−1, 1]. An image already S×S is only rescaled.
    /// Resizing, padding and rescaling are one pass straight into the output; nothing is allocated.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or above 4096, the image is too elongated to keep a
    /// pixel on its short side, or a span has the wrong length.</exception>
    public static void ResizeWithPad(ReadOnlySpan<float> chw01, int height, int width, int size, Span<float> out3xSxS)
    {
        CheckSizes(height, width, size);
        if (chw01.Length != 3L * height * width)
            throw new ArgumentException($"Image buffer holds {chw01.Length} values; 3×{height}×{width} needs {3L * height * width}.", nameof(chw01));
        if (out3xSxS.Length != 3L * size * size)
            throw new ArgumentException($"Output buffer holds {out3xSxS.Length} values; 3×{size}×{size} needs {3L * size * size}.", nameof(out3xSxS));
        var (rh, rw) = ResizedSize(height, width, size);
        int padTop = size - rh, padLeft = size - rw;
        // Taps of the half-pixel rule, one per output row and column (as Tensors/BilinearResize computes them).
        Span<int> y0 = stackalloc int[rh], y1 = stackalloc int[rh], x0 = stackalloc int[rw], x1 = stackalloc int[rw];
        Span<float> ly = stackalloc float[rh], lx = stackalloc float[rw];
        Taps(height, rh, y0, y1, ly);
        Taps(width, rw, x0, x1, lx);
        int plane = size * size, source = height * width;
        for (int c = 0; c < 3; c++)
        {
            var src = chw01.Slice(c * source, source);
            var dst = out3xSxS.Slice(c * plane, plane);
            dst[..(padTop * size)].Fill(-1f);
            for (int y = 0; y < rh; y++)
            {
                // The resized image fills the bottom-right corner, so the padding sits left and top.
                var row = dst.Slice((padTop + y) * size, size);
                row[..padLeft].Fill(-1f);
                var top = src.Slice(y0[y] * width, width);
                var bottom = src.Slice(y1[y] * width, width);
                float wy = ly[y];
                for (int x = 0; x < rw; x++)
                {
                    int a = x0[x], b = x1[x];
                    float wx = lx[x];
                    float upper = top[a] * (1 - wx) + top[b] * wx;
                    float lower = bottom[a] * (1 - wx) + bottom[b] * wx;
                    row[padLeft + x] = (upper * (1 - wy) + lower * wy) * 2f - 1f;
                }
            }
        }
    }

    /// <summary>
    /// PyTorch's <c>align_corners=False</c> source taps for resizing <paramref name="inSize"/> to <paramref name="outSize"/>:
    /// coordinate <c>(o + 0.5)·in/out − 0.5</c> in fp32, clamped below at 0; the upper neighbour clamped to the last pixel.
    /// An unchanged size gives weight 0 on the upper neighbour, so the image passes through exactly.
    /// </summary>
    private static void Taps(int inSize, int outSize, Span<int> lo, Span<int> hi, Span<float> frac)
    {
        float scale = (float)inSize / outSize;
        for (int o = 0; o < outSize; o++)
        {
            float src = Math.Max((o + 0.5f) * scale - 0.5f, 0f);
            int l = Math.Min((int)src, inSize - 1);
            lo[o] = l;
            hi[o] = Math.Min(l + 1, inSize - 1);
            frac[o] = src - l;
        }
    }

    private static void CheckSizes(int height, int width, int size)
    {
        if (height <= 0 || width <= 0 || size <= 0 || size > MaxSize)
            throw new ArgumentException($"Image sizes must be positive and the target at most {MaxSize}: {height}×{width} into {size}×{size}.");
    }
}
