using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// SmolVLA's image preparation (policies.md §1.3 step 2): keep the aspect ratio and shrink or enlarge the image so
/// that it fits an S×S square, resize with PyTorch's bilinear rule (half-pixel centres, no antialiasing), pad with
/// zeros on the LEFT and TOP only, then map [0, 1] to [−1, 1] with <c>x·2 − 1</c> (so padding becomes −1).
/// </summary>
public static class ImagePreparation
{
    /// <summary>
    /// The size the image is resized to before padding, computed as LeRobot does in double precision:
    /// <c>ratio = max(width/size, height/size)</c>, then <c>(int(height/ratio), int(width/ratio))</c>.
    /// </summary>
    /// <param name="height">Source height in pixels.</param>
    /// <param name="width">Source width in pixels.</param>
    /// <param name="size">Side of the square target.</param>
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
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a span has the wrong length.</exception>
    public static void ResizeWithPad(ReadOnlySpan<float> chw01, int height, int width, int size, Span<float> out3xSxS)
    {
        CheckSizes(height, width, size);
        if (chw01.Length != 3L * height * width)
            throw new ArgumentException($"Image buffer holds {chw01.Length} values; 3×{height}×{width} needs {3L * height * width}.", nameof(chw01));
        if (out3xSxS.Length != 3L * size * size)
            throw new ArgumentException($"Output buffer holds {out3xSxS.Length} values; 3×{size}×{size} needs {3L * size * size}.", nameof(out3xSxS));
        var (rh, rw) = ResizedSize(height, width, size);
        int plane = size * size, padTop = size - rh, padLeft = size - rw;
        // Resize into the bottom-right corner of each output plane, so the zero padding sits left and top.
        float[]? resized = rh == height && rw == width ? null : new float[3 * rh * rw];
        if (resized is not null)
            BilinearResize.Forward(chw01, 3, height, width, resized, rh, rw);
        ReadOnlySpan<float> source = resized ?? chw01;
        for (int c = 0; c < 3; c++)
        {
            var dst = out3xSxS.Slice(c * plane, plane);
            dst[..(padTop * size)].Fill(-1f);
            for (int y = 0; y < rh; y++)
            {
                var row = dst.Slice((padTop + y) * size, size);
                row[..padLeft].Fill(-1f);
                var src = source.Slice((c * rh + y) * rw, rw);
                for (int x = 0; x < rw; x++) row[padLeft + x] = src[x] * 2f - 1f;
            }
        }
    }

    private static void CheckSizes(int height, int width, int size)
    {
        if (height <= 0 || width <= 0 || size <= 0)
            throw new ArgumentException($"Image sizes must be positive: {height}×{width} into {size}×{size}.");
    }
}
