namespace Fleet.Policy.Tensors;

/// <summary>
/// PyTorch's pixel shuffle and its inverse: <c>[c·r², h, w] ↔ [c, h·r, w·r]</c>, where input channel
/// <c>c·r² + i·r + j</c> supplies output pixel <c>(y·r + i, x·r + j)</c> of channel c.
/// </summary>
public static class PixelShuffle
{
    /// <summary>Depth to space: <paramref name="input"/> <c>[c·r², h, w]</c> into <paramref name="output"/> <c>[c, h·r, w·r]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> input, int channels, int h, int w, int r, Span<float> output)
    {
        int outC = channels / (r * r), ow = w * r;
        for (int c = 0; c < outC; c++)
            for (int i = 0; i < r; i++)
                for (int j = 0; j < r; j++)
                {
                    var plane = input.Slice(((c * r + i) * r + j) * h * w, h * w);
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++)
                            output[(c * h * r + y * r + i) * ow + x * r + j] = plane[y * w + x];
                }
    }

    /// <summary>Space to depth, the exact inverse of <see cref="Forward"/>: <c>[c, h, w]</c> into <c>[c·r², h/r, w/r]</c>.</summary>
    public static void Unshuffle(ReadOnlySpan<float> input, int channels, int h, int w, int r, Span<float> output)
    {
        int oh = h / r, ow = w / r;
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < r; i++)
                for (int j = 0; j < r; j++)
                {
                    var plane = output.Slice(((c * r + i) * r + j) * oh * ow, oh * ow);
                    for (int y = 0; y < oh; y++)
                        for (int x = 0; x < ow; x++)
                            plane[y * ow + x] = input[(c * h + y * r + i) * w + x * r + j];
                }
    }
}
