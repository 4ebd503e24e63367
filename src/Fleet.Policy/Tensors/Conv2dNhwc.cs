using System.Buffers;

namespace Fleet.Policy.Tensors;

/// <summary>
/// A convolution over channels-last (NHWC) batches, the layout inference runs in: the output pixels of the whole
/// batch are the GEMM rows and the output channels its columns, so the weight (packed once at construction) stays in
/// cache while the unfolded input streams through it once. Rows are processed in chunks on the threads of a
/// <see cref="Parallelism"/>; each chunk unfolds its own patches (1×1 stride-1 kernels read the input directly) and
/// applies bias, an optional residual and an optional ReLU while the output is still in cache.
/// </summary>
public sealed unsafe class Conv2dNhwc
{
    private readonly PackedMatrix _packed;
    private readonly float[] _bias;
    private readonly int _k;

    /// <summary>Prepares <paramref name="weights"/> (PyTorch layout) for NHWC execution.</summary>
    public Conv2dNhwc(ConvWeights weights)
    {
        Weights = weights;
        int cin = weights.InChannels, kh = weights.KernelHeight, kw = weights.KernelWidth;
        _k = cin * kh * kw;
        // [out, in, ky, kx] → [out, ky, kx, in], so a patch's values are contiguous runs of input channels.
        var permuted = new float[weights.Weight.Length];
        for (int o = 0; o < weights.OutChannels; o++)
            for (int c = 0; c < cin; c++)
                for (int y = 0; y < kh; y++)
                    for (int x = 0; x < kw; x++)
                        permuted[((o * kh + y) * kw + x) * cin + c] = weights.Weight[((o * cin + c) * kh + y) * kw + x];
        _packed = PackedMatrix.Pack(permuted, _k, weights.OutChannels, _k, transpose: true);
        _bias = weights.Bias ?? new float[weights.OutChannels];
    }

    /// <summary>The convolution this was built from.</summary>
    public ConvWeights Weights { get; }

    private bool Direct => Weights is { KernelHeight: 1, KernelWidth: 1, Stride: 1, Padding: 0 };

    /// <summary>
    /// Convolves <paramref name="input"/> <c>[batch, h, w, in]</c> into <paramref name="output"/> <c>[batch, oh, ow, out]</c>:
    /// <c>output = relu?(conv(input) + bias + residual?)</c>. <paramref name="residual"/> is empty or shaped like the output.
    /// </summary>
    public void Forward(ReadOnlySpan<float> input, int batch, int h, int w, Span<float> output, Parallelism parallelism,
        ReadOnlySpan<float> residual = default, bool relu = false)
    {
        int oh = Weights.OutHeight(h), ow = Weights.OutWidth(w), rows = batch * oh * ow, cout = Weights.OutChannels;
        if (input.Length < batch * h * w * Weights.InChannels || output.Length < rows * cout || (!residual.IsEmpty && residual.Length < rows * cout))
            throw new ArgumentException($"Conv2dNhwc: buffers too small for [{batch}, {h}, {w}, {Weights.InChannels}] → [{batch}, {oh}, {ow}, {cout}].");
        if (Implicit)
        {
            ForwardImplicit(input, batch, h, w, output, parallelism, residual, relu);
            return;
        }
        int chunk = ChunkRows(rows, parallelism.ThreadCount);
        int chunks = (rows + chunk - 1) / chunk;
        fixed (float* pin = input, pout = output, pres = residual)
        {
            nint inPtr = (nint)pin, outPtr = (nint)pout, resPtr = residual.IsEmpty ? 0 : (nint)pres;
            parallelism.For(chunks, i =>
            {
                int r0 = i * chunk, count = Math.Min(chunk, rows - r0);
                RunChunk((float*)inPtr, h, w, oh, ow, r0, count, (float*)outPtr, (float*)resPtr, relu);
            });
        }
    }

    /// <summary>
    /// Small-K convolutions (the 7×7 stem: K = 147 over 3 channels) skip im2col: their unfold cost more than their
    /// multiply. Over a zero-padded copy of the input, the 12 output pixels of a tile read kernel row ky as 12 runs of
    /// kw·cin values spaced stride·cin apart, which the AVX-512 direct kernel consumes in place.
    /// </summary>
    private bool Implicit => Gemm.SupportsStridedRows && !Direct && Weights.Dilation == 1 && _k <= Gemm.BlockK
        && Weights.OutChannels % Gemm.PanelWidth == 0 && Weights.KernelHeight > 1;

    private void ForwardImplicit(ReadOnlySpan<float> input, int batch, int h, int w, Span<float> output, Parallelism parallelism,
        ReadOnlySpan<float> residual, bool relu)
    {
        var cw = Weights;
        int cin = cw.InChannels, cout = cw.OutChannels, oh = cw.OutHeight(h), ow = cw.OutWidth(w), pad = cw.Padding;
        int hp = h + 2 * pad, wp = w + 2 * pad, tile = Gemm.TileRows;
        // Slack after the padded maps: the ragged last tile of a row reads up to a tile's width past the row's end.
        int padded = batch * hp * wp * cin, slack = (tile * cw.Stride + cw.KernelWidth) * cin;
        float[] buffer = ArrayPool<float>.Shared.Rent(padded + slack);
        try
        {
            var dst = buffer.AsSpan(0, padded + slack);
            dst.Clear();
            for (int b = 0; b < batch; b++)
                for (int y = 0; y < h; y++)
                    input.Slice((b * h + y) * w * cin, w * cin).CopyTo(dst.Slice(((b * hp + y + pad) * wp + pad) * cin));
            fixed (float* pin = buffer, pout = output, pres = residual)
            {
                nint inPtr = (nint)pin, outPtr = (nint)pout, resPtr = residual.IsEmpty ? 0 : (nint)pres;
                parallelism.For(batch * oh, row =>
                {
                    int b = row / oh, oy = row % oh;
                    float* src = (float*)inPtr + (long)(b * hp + oy * cw.Stride) * wp * cin;
                    float* y = (float*)outPtr + (long)row * ow * cout;
                    ImplicitRow(src, wp * cin, ow, y);
                    Epilogue(y, resPtr == 0 ? null : (float*)resPtr + (long)row * ow * cout, ow, cout, relu);
                });
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>One output row of <paramref name="ow"/> pixels; <paramref name="src"/> is the padded input row its kernel starts on.</summary>
    private void ImplicitRow(float* src, int paddedRowLength, int ow, float* y)
    {
        var cw = Weights;
        int cin = cw.InChannels, cout = cw.OutChannels, tile = Gemm.TileRows, step = cw.Stride * cin;
        float[] edgeArray = ArrayPool<float>.Shared.Rent(tile * cout);
        try
        {
            fixed (float* edge = edgeArray)
            {
                for (int x0 = 0; x0 < ow; x0 += tile)
                {
                    int rows = Math.Min(tile, ow - x0);
                    float* target = rows == tile ? y + (long)x0 * cout : edge;
                    Gemm.StridedRowsTile(src + (long)x0 * step, step, paddedRowLength, cw.KernelHeight, cw.KernelWidth * cin, _packed, target, cout);
                    if (rows < tile)
                        new ReadOnlySpan<float>(edge, rows * cout).CopyTo(new Span<float>(y + (long)x0 * cout, rows * cout));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(edgeArray);
        }
    }

    private static int ChunkRows(int rows, int threads)
    {
        int target = (rows + 2 * threads - 1) / (2 * threads);
        return Math.Clamp((target + 11) / 12 * 12, 12, 240);
    }

    private void RunChunk(float* input, int h, int w, int oh, int ow, int r0, int count, float* output, float* residual, bool relu)
    {
        int cout = Weights.OutChannels;
        var c = new Span<float>(output + (long)r0 * cout, count * cout);
        if (Direct)
        {
            Gemm.Multiply(count, cout, _k, new ReadOnlySpan<float>(input + (long)r0 * _k, count * _k), _k, false, _packed, c, cout, false);
        }
        else
        {
            float[] columns = ArrayPool<float>.Shared.Rent(count * _k);
            try
            {
                Unfold(input, h, w, oh, ow, r0, count, columns);
                Gemm.Multiply(count, cout, _k, columns.AsSpan(0, count * _k), _k, false, _packed, c, cout, false);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(columns);
            }
        }
        Epilogue(output + (long)r0 * cout, residual == null ? null : residual + (long)r0 * cout, count, cout, relu);
    }

    // y = relu?(y + bias + residual?) over rows of this convolution's output.
    private void Epilogue(float* y, float* residual, int rows, int cout, bool relu)
    {
        fixed (float* bias = _bias)
            ConvEpilogue.Apply(y, bias, residual, rows, cout, relu);
    }

    /// <summary>im2col for output rows r0..r0+count: row = one output pixel, columns = (ky, kx, in).</summary>
    private void Unfold(float* input, int h, int w, int oh, int ow, int r0, int count, float[] columns)
    {
        var cw = Weights;
        int cin = cw.InChannels, plane = oh * ow;
        for (int r = 0; r < count; r++)
        {
            int pixel = r0 + r, b = pixel / plane, oy = pixel % plane / ow, ox = pixel % ow;
            var dst = columns.AsSpan(r * _k, _k);
            int at = 0;
            int x0 = ox * cw.Stride - cw.Padding, run = cw.KernelWidth * cin;
            // With dilation 1 a kernel row's taps are adjacent pixels: one contiguous copy when fully inside.
            bool rowInside = cw.Dilation == 1 && x0 >= 0 && x0 + cw.KernelWidth <= w;
            for (int ky = 0; ky < cw.KernelHeight; ky++, at += run)
            {
                int iy = oy * cw.Stride - cw.Padding + ky * cw.Dilation;
                var tapRow = dst.Slice(at, run);
                if ((uint)iy >= (uint)h)
                {
                    tapRow.Clear();
                    continue;
                }
                float* src = input + (long)(b * h + iy) * w * cin;
                if (rowInside)
                {
                    new ReadOnlySpan<float>(src + (long)x0 * cin, run).CopyTo(tapRow);
                    continue;
                }
                for (int kx = 0; kx < cw.KernelWidth; kx++)
                {
                    int ix = x0 + kx * cw.Dilation;
                    var tap = tapRow.Slice(kx * cin, cin);
                    if ((uint)ix < (uint)w)
                        new ReadOnlySpan<float>(src + (long)ix * cin, cin).CopyTo(tap);
                    else
                        tap.Clear();
                }
            }
        }
    }
}
