using System.Runtime.Intrinsics;

namespace Fleet.Policy.Tensors;

/// <summary>2-D max pooling over each channel of a CHW image; padding never wins (it counts as −∞, as in PyTorch).</summary>
public static class MaxPool
{
    /// <summary>Output size along one axis.</summary>
    public static int OutSize(int size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;

    /// <summary>Pools <paramref name="input"/> <c>[c, h, w]</c> into <paramref name="output"/> <c>[c, oh, ow]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> input, int channels, int h, int w, int kernel, int stride, int padding, Span<float> output)
    {
        int oh = OutSize(h, kernel, stride, padding), ow = OutSize(w, kernel, stride, padding);
        for (int c = 0; c < channels; c++)
        {
            var plane = input.Slice(c * h * w, h * w);
            var dst = output.Slice(c * oh * ow, oh * ow);
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    float best = float.NegativeInfinity;
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        int iy = oy * stride - padding + ky;
                        if ((uint)iy >= (uint)h) continue;
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int ix = ox * stride - padding + kx;
                            if ((uint)ix < (uint)w && plane[iy * w + ix] > best) best = plane[iy * w + ix];
                        }
                    }
                    dst[oy * ow + ox] = best;
                }
        }
    }
}

/// <summary>2-D max pooling over a channels-last batch <c>[batch, h, w, c]</c>; padding counts as −∞.</summary>
public static class MaxPoolNhwc
{
    /// <summary>Pools into <paramref name="output"/> <c>[batch, oh, ow, c]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> input, int batch, int h, int w, int channels, int kernel, int stride, int padding, Span<float> output)
    {
        int oh = MaxPool.OutSize(h, kernel, stride, padding), ow = MaxPool.OutSize(w, kernel, stride, padding);
        for (int b = 0; b < batch; b++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    var dst = output.Slice(((b * oh + oy) * ow + ox) * channels, channels);
                    dst.Fill(float.NegativeInfinity);
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        int iy = oy * stride - padding + ky;
                        if ((uint)iy >= (uint)h) continue;
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int ix = ox * stride - padding + kx;
                            if ((uint)ix < (uint)w)
                                System.Numerics.Tensors.TensorPrimitives.Max(dst, input.Slice(((b * h + iy) * w + ix) * channels, channels), dst);
                        }
                    }
                }
    }

    /// <summary>
    /// Pools a dense <c>[batch, h, w, c]</c> map into the interior of a <see cref="PaddedNhwc"/> map of the output size
    /// (the layout the next convolution reads); the output's border is cleared. Same values as <see cref="Forward"/>.
    /// </summary>
    public static unsafe void ForwardPadded(ReadOnlySpan<float> input, int batch, int h, int w, int channels, int kernel, int stride, int padding,
        PaddedNhwc outShape, Span<float> output, Parallelism? parallelism = null)
    {
        int oh = MaxPool.OutSize(h, kernel, stride, padding), ow = MaxPool.OutSize(w, kernel, stride, padding);
        if (outShape != new PaddedNhwc(batch, oh, ow, channels) || output.Length < outShape.Length || input.Length < batch * h * w * channels)
            throw new ArgumentException($"MaxPoolNhwc: [{batch}, {h}, {w}, {channels}] pools to [{batch}, {oh}, {ow}, {channels}], not {outShape}, or a buffer is too small.");
        outShape.ClearBorder(output);
        bool vector = Vector512.IsHardwareAccelerated && channels % 16 == 0;
        fixed (float* src = input, dst = output)
        {
            nint inPtr = (nint)src, outPtr = (nint)dst;
            int rows = batch * oh, parts = Math.Min(parallelism?.ThreadCount ?? 1, rows);
            var plan = parallelism ?? Parallelism.Single();
            // Output rows split over the threads; each row is independent.
            plan.For(parts, t =>
            {
                for (int row = rows * t / parts; row < rows * (t + 1) / parts; row++)
                    PoolRow((float*)inPtr, h, w, channels, kernel, stride, padding, ow, outShape, (float*)outPtr, row / oh, row % oh, vector);
            });
        }
    }

    private static unsafe void PoolRow(float* src, int h, int w, int channels, int kernel, int stride, int padding, int ow,
        PaddedNhwc outShape, float* dst, int b, int oy, bool vector)
    {
        int y0 = Math.Max(0, oy * stride - padding), y1 = Math.Min(h, oy * stride - padding + kernel);
        for (int ox = 0; ox < ow; ox++)
        {
            int x0 = Math.Max(0, ox * stride - padding), x1 = Math.Min(w, ox * stride - padding + kernel);
            float* d = dst + outShape.Offset(b, oy, ox);
            float* first = src + ((long)(b * h + y0) * w + x0) * channels;
            new ReadOnlySpan<float>(first, channels).CopyTo(new Span<float>(d, channels));
            for (int iy = y0; iy < y1; iy++)
                for (int ix = x0; ix < x1; ix++)
                {
                    float* s = src + ((long)(b * h + iy) * w + ix) * channels;
                    if (vector)
                        for (int c = 0; c < channels; c += 16)
                            Vector512.Max(Vector512.Load(d + c), Vector512.Load(s + c)).Store(d + c);
                    else
                        System.Numerics.Tensors.TensorPrimitives.Max(new ReadOnlySpan<float>(d, channels), new ReadOnlySpan<float>(s, channels), new Span<float>(d, channels));
                }
        }
    }
}
