using System.Buffers;

namespace Fleet.Policy.Tensors;

/// <summary>
/// A 2-D convolution's parameters: weight <c>[out, in, kh, kw]</c> (PyTorch layout), optional bias, square stride,
/// padding and dilation. Immutable after construction.
/// </summary>
/// <param name="OutChannels">Output channels.</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="KernelHeight">Kernel rows.</param>
/// <param name="KernelWidth">Kernel columns.</param>
/// <param name="Stride">Stride in both directions.</param>
/// <param name="Padding">Zero padding on every side.</param>
/// <param name="Dilation">Spacing between kernel taps.</param>
/// <param name="Weight">Values, <c>OutChannels × InChannels × KernelHeight × KernelWidth</c>.</param>
/// <param name="Bias">One value per output channel, or null.</param>
public sealed record ConvWeights(int OutChannels, int InChannels, int KernelHeight, int KernelWidth, int Stride, int Padding, int Dilation,
    float[] Weight, float[]? Bias)
{
    /// <summary>Output height for an input of height <paramref name="h"/>.</summary>
    public int OutHeight(int h) => (h + 2 * Padding - Dilation * (KernelHeight - 1) - 1) / Stride + 1;

    /// <summary>Output width for an input of width <paramref name="w"/>.</summary>
    public int OutWidth(int w) => (w + 2 * Padding - Dilation * (KernelWidth - 1) - 1) / Stride + 1;
}

/// <summary>
/// Convolution of one CHW image as a GEMM: the input is unfolded into a <c>[in·kh·kw, oh·ow]</c> matrix (skipped for
/// 1×1 stride-1 kernels, where the image already is that matrix) and multiplied by the <c>[out, in·kh·kw]</c> weight.
/// </summary>
public static class Conv2d
{
    /// <summary>Convolves <paramref name="input"/> (<c>[in, h, w]</c>) into <paramref name="output"/> (<c>[out, oh, ow]</c>), adding the bias.</summary>
    public static void Forward(ConvWeights conv, ReadOnlySpan<float> input, int h, int w, Span<float> output, Parallelism? parallelism = null)
    {
        int oh = conv.OutHeight(h), ow = conv.OutWidth(w), spatial = oh * ow;
        int k = conv.InChannels * conv.KernelHeight * conv.KernelWidth;
        if (input.Length < conv.InChannels * h * w)
            throw new ArgumentException($"Conv2d input holds {input.Length} values; [{conv.InChannels}, {h}, {w}] needs {conv.InChannels * h * w}.");
        bool direct = conv.KernelHeight == 1 && conv.KernelWidth == 1 && conv.Stride == 1 && conv.Padding == 0;
        float[]? columns = direct ? null : ArrayPool<float>.Shared.Rent(k * spatial);
        try
        {
            ReadOnlySpan<float> b = direct ? input : columns.AsSpan(0, k * spatial);
            if (!direct)
                Unfold(conv, input, h, w, oh, ow, columns.AsSpan(0, k * spatial));
            Gemm.Multiply(conv.OutChannels, spatial, k, conv.Weight, k, false, b, spatial, false, output, spatial, false, parallelism);
            if (conv.Bias is { } bias)
                for (int o = 0; o < conv.OutChannels; o++)
                    AddScalar(output.Slice(o * spatial, spatial), bias[o]);
        }
        finally
        {
            if (columns is not null) ArrayPool<float>.Shared.Return(columns);
        }
    }

    private static void AddScalar(Span<float> span, float value) =>
        System.Numerics.Tensors.TensorPrimitives.Add(span, value, span);

    /// <summary>im2col: row <c>(c, ky, kx)</c>, column <c>(oy, ox)</c> holds the input tap or 0 in the padding.</summary>
    internal static void Unfold(ConvWeights conv, ReadOnlySpan<float> input, int h, int w, int oh, int ow, Span<float> columns)
    {
        int row = 0, s = conv.Stride, pad = conv.Padding, dil = conv.Dilation;
        for (int c = 0; c < conv.InChannels; c++)
            for (int ky = 0; ky < conv.KernelHeight; ky++)
                for (int kx = 0; kx < conv.KernelWidth; kx++, row++)
                {
                    var dst = columns.Slice(row * oh * ow, oh * ow);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int iy = oy * s - pad + ky * dil;
                        var dstRow = dst.Slice(oy * ow, ow);
                        if ((uint)iy >= (uint)h)
                        {
                            dstRow.Clear();
                            continue;
                        }
                        var src = input.Slice((c * h + iy) * w, w);
                        int x0 = kx * dil - pad;
                        if (s == 1 && x0 >= 0 && x0 + ow <= w)
                        {
                            src.Slice(x0, ow).CopyTo(dstRow);
                            continue;
                        }
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int ix = ox * s + x0;
                            dstRow[ox] = (uint)ix < (uint)w ? src[ix] : 0f;
                        }
                    }
                }
    }
}
