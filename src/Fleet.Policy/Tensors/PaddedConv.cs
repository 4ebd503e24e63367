
namespace Fleet.Policy.Tensors;

/// <summary>
/// A 3×3 (padding 1) or 1×1 (padding 0) convolution, stride 1 or 2, from one <see cref="PaddedNhwc"/> map into the
/// interior of another, as an implicit GEMM: no im2col. Output pixels are the GEMM rows; a row's K values are the
/// kernel rows of its receptive field, each a contiguous run of <c>kw·in</c> values of the padded input, which the
/// AVX-512 direct kernel reads in place (every tap is in bounds thanks to the zero border).
/// <para>Stride 1 treats each image as one line of <c>(oh−1)·(w+2)+ow</c> "virtual" pixels spaced one padded pixel
/// apart: the two border columns per row become two extra GEMM rows whose results land exactly on the output's border
/// cells (input and output share the padded width), which are zeroed again afterwards. So the tiles never break at row
/// ends (≤ 2/(w+2) extra work), and the output rows are contiguous. Stride 2 tiles each output row separately.</para>
/// Bias, an optional residual (a map of the output's geometry) and ReLU are applied per 96-row chunk while it is in
/// cache. Each output sums its K blocks in a fixed order, so results do not depend on the thread count.
/// </summary>
public sealed unsafe class PaddedConv
{
    private const int ChunkTiles = 8;
    private const int MaxBlockK = 256;
    private readonly float[] _packed;
    private readonly float[] _bias;
    private readonly int _k, _paddedN, _segmentLength, _segments, _blockK;

    /// <summary>Prepares <paramref name="weights"/> (PyTorch layout); see <see cref="Supports"/> for the shapes taken.</summary>
    /// <exception cref="ArgumentException">The shape is not one <see cref="Supports"/> accepts.</exception>
    public PaddedConv(ConvWeights weights)
    {
        if (!Supports(weights))
            throw new ArgumentException($"PaddedConv takes 3x3/pad 1 or 1x1/pad 0 kernels, stride 1 or 2, out channels a multiple of {Gemm.PanelWidth}, on AVX-512; got {weights.KernelHeight}x{weights.KernelWidth}/pad {weights.Padding}/stride {weights.Stride}, {weights.OutChannels} out.");
        Weights = weights;
        int cin = weights.InChannels, kh = weights.KernelHeight, kw = weights.KernelWidth, cout = weights.OutChannels;
        _k = cin * kh * kw;
        int run = kw * cin;
        // Small kernel rows (≤ 85 channels): all kh runs in one K block, summed in registers without reloading C.
        // Larger ones: blocks of ≤ 256 values that never straddle a kernel row (each block is one contiguous run).
        if (kh * run <= 3 * MaxBlockK && run <= MaxBlockK)
            (_segmentLength, _segments) = (run, kh);
        else
            (_segmentLength, _segments) = (LargestDivisorAtMost(run, MaxBlockK), 1);
        _blockK = _segmentLength * _segments;
        var permuted = new float[weights.Weight.Length];
        for (int o = 0; o < cout; o++)
            for (int c = 0; c < cin; c++)
                for (int y = 0; y < kh; y++)
                    for (int x = 0; x < kw; x++)
                        permuted[((o * kh + y) * kw + x) * cin + c] = weights.Weight[((o * cin + c) * kh + y) * kw + x];
        _packed = Gemm.PackConvWeights(permuted, _k, cout, _blockK);
        _paddedN = (cout + Gemm.PanelWidth - 1) / Gemm.PanelWidth * Gemm.PanelWidth;
        _bias = weights.Bias ?? new float[cout];
    }

    /// <summary>The convolution this was built from.</summary>
    public ConvWeights Weights { get; }

    /// <summary>Whether this machine and <paramref name="w"/>'s shape can run here (else use <see cref="Conv2dNhwc"/>).</summary>
    public static bool Supports(ConvWeights w) =>
        Gemm.SupportsStridedRows && w.Dilation == 1 && w.Stride is 1 or 2 && w.OutChannels % Gemm.PanelWidth == 0
        && ((w is { KernelHeight: 3, KernelWidth: 3, Padding: 1 }) || (w is { KernelHeight: 1, KernelWidth: 1, Padding: 0 }));

    /// <summary>The output geometry for an input of geometry <paramref name="input"/>.</summary>
    public PaddedNhwc OutputShape(PaddedNhwc input) =>
        new(input.Batch, Weights.OutHeight(input.Height), Weights.OutWidth(input.Width), Weights.OutChannels);

    /// <summary>
    /// <c>output = relu?(conv(input) + bias + residual?)</c>. <paramref name="input"/> holds a map of geometry
    /// <paramref name="shape"/> with a zero border; <paramref name="output"/> (and <paramref name="residual"/>, if any) are
    /// of geometry <see cref="OutputShape"/>. The output's interior is written and its border cleared.
    /// </summary>
    public void Forward(PaddedNhwc shape, ReadOnlySpan<float> input, Span<float> output, Parallelism parallelism,
        ReadOnlySpan<float> residual = default, bool relu = false)
    {
        var outShape = OutputShape(shape);
        if (shape.Channels != Weights.InChannels || input.Length < shape.Length || output.Length < outShape.Length
            || (!residual.IsEmpty && residual.Length < outShape.Length))
            throw new ArgumentException($"PaddedConv: buffers too small or channels wrong for [{shape.Batch}, {shape.Height}, {shape.Width}, {shape.Channels}] → [{outShape.Batch}, {outShape.Height}, {outShape.Width}, {outShape.Channels}] (expected {Weights.InChannels} in).");
        outShape.ClearBorder(output);
        var plan = new Plan(this, shape, outShape);
        int tilesPerLine = plan.TilesPerLine, chunksPerLine = (tilesPerLine + ChunkTiles - 1) / ChunkTiles;
        fixed (float* pin = input, pout = output, pres = residual)
        {
            nint inPtr = (nint)pin, outPtr = (nint)pout, resPtr = residual.IsEmpty ? 0 : (nint)pres;
            // One parallel region per conv, its items whole chunks of tiles handed out dynamically: a static split
            // into one range per thread made the other thread wait at the join whenever one was descheduled on a
            // shared machine (2-thread wall +25% at load 8, though CPU time fell).
            parallelism.For(plan.Lines * chunksPerLine, item =>
            {
                int line = item / chunksPerLine, first = line * tilesPerLine + item % chunksPerLine * ChunkTiles;
                plan.Run(first, Math.Min(first + ChunkTiles, (line + 1) * tilesPerLine), (float*)inPtr, (float*)outPtr, (float*)resPtr, relu);
            });
        }
    }

    private static int LargestDivisorAtMost(int value, int limit)
    {
        for (int d = Math.Min(value, limit); d > 1; d--)
            if (value % d == 0) return d;
        return 1;
    }

    /// <summary>How the GEMM rows map onto the padded maps for one input geometry.</summary>
    private readonly struct Plan
    {
        private readonly PaddedConv _conv;
        private readonly PaddedNhwc _in, _out;
        private readonly int _lineLength;
        private readonly long _lda, _baseOffset;

        public Plan(PaddedConv conv, PaddedNhwc input, PaddedNhwc output)
        {
            _conv = conv;
            _in = input;
            _out = output;
            var w = conv.Weights;
            // A 1×1 kernel with no padding starts at the interior pixel; a 3×3 one at the border pixel before it.
            _baseOffset = w.KernelHeight == 1 ? ((long)input.PaddedWidth + 1) * input.Channels : 0;
            _lda = (long)w.Stride * input.Channels;
            Stride1 = w.Stride == 1;
            Lines = Stride1 ? input.Batch : input.Batch * output.Height;
            _lineLength = Stride1 ? (output.Height - 1) * output.PaddedWidth + output.Width : output.Width;
            TilesPerLine = (_lineLength + Gemm.TileRows - 1) / Gemm.TileRows;
        }

        public bool Stride1 { get; }
        public int Lines { get; }
        public int TilesPerLine { get; }

        /// <summary>Computes tiles first..last (line-major), in chunks of up to <see cref="ChunkTiles"/> tiles of one line.</summary>
        public void Run(int first, int last, float* input, float* output, float* residual, bool relu)
        {
            int tile = Gemm.TileRows, cout = _out.Channels;
            float* edge = stackalloc float[Gemm.TileRows * cout];
            for (int u = first; u < last;)
            {
                int line = u / TilesPerLine, t0 = u % TilesPerLine;
                int count = Math.Min(Math.Min(ChunkTiles, TilesPerLine - t0), last - u);
                LineStart(line, input, output, out float* a, out float* c);
                int r0 = t0 * tile, rows = Math.Min(count * tile, _lineLength - r0);
                Chunk(a + r0 * _lda, c + (long)r0 * cout, rows, edge);
                long offset = c + (long)r0 * cout - output;
                _conv.Epilogue(output + offset, residual == null ? null : residual + offset, rows, cout, relu);
                if (Stride1)
                    ClearBorderRows(c, r0, rows);
                u += count;
            }
        }

        private void LineStart(int line, float* input, float* output, out float* a, out float* c)
        {
            if (Stride1)
            {
                a = input + line * _in.ImageLength + _baseOffset;
                c = output + _out.Offset(line, 0, 0);
                return;
            }
            int b = line / _out.Height, oy = line % _out.Height;
            a = input + b * _in.ImageLength + (long)oy * _conv.Weights.Stride * _in.PaddedWidth * _in.Channels + _baseOffset;
            c = output + _out.Offset(b, oy, 0);
        }

        /// <summary>C rows 0..rows of the chunk (A rows spaced lda apart), all K blocks; a ragged last tile goes through <paramref name="edge"/>.</summary>
        private void Chunk(float* a, float* c, int rows, float* edge)
        {
            var conv = _conv;
            int tile = Gemm.TileRows, cout = _out.Channels, blocks = conv._k / conv._blockK, nr = Gemm.PanelWidth;
            int fullTiles = rows / tile, ragged = rows % tile;
            nint segmentStride = (nint)_in.PaddedWidth * _in.Channels;
            fixed (float* packed = conv._packed)
            {
                for (int blk = 0; blk < blocks; blk++)
                {
                    // K block blk covers k = blk·blockK.. in (ky, kx, c) order; with one segment per block it lies inside kernel row ky.
                    int k0 = blk * conv._blockK, run = conv._segments == 1 ? conv.Weights.KernelWidth * _in.Channels : 0;
                    long aOffset = conv._segments == 1 ? (long)(k0 / run) * segmentStride + k0 % run : 0;
                    float* aBlock = a + aOffset;
                    float* bBlock = packed + (long)k0 * conv._paddedN;
                    bool add = blk > 0;
                    for (int jr = 0; jr < cout; jr += nr)
                    {
                        float* panel = bBlock + (long)jr * conv._blockK;
                        for (int i = 0; i < fullTiles; i++)
                            Gemm.ConvTile(conv._segmentLength, conv._segments, aBlock + i * tile * _lda, (nint)_lda, segmentStride, panel, c + (long)i * tile * cout + jr, cout, add);
                        if (ragged > 0)
                            Gemm.ConvTile(conv._segmentLength, conv._segments, aBlock + fullTiles * tile * _lda, (nint)_lda, segmentStride, panel, edge + jr, cout, add);
                    }
                }
            }
            if (ragged > 0)
                new ReadOnlySpan<float>(edge, ragged * cout).CopyTo(new Span<float>(c + (long)fullTiles * tile * cout, ragged * cout));
        }

        /// <summary>Stride 1: virtual pixels in the two border columns wrote onto the output's border; zero those cells again.</summary>
        private void ClearBorderRows(float* c, int r0, int rows)
        {
            int wp = _out.PaddedWidth, cout = _out.Channels;
            for (int r = r0; r < r0 + rows; r++)
                if (r % wp >= _out.Width)
                    new Span<float>(c + (long)r * cout, cout).Clear();
        }
    }

    // y = relu?(y + bias + residual?) over rows of this convolution's output.
    private void Epilogue(float* y, float* residual, int rows, int cout, bool relu)
    {
        fixed (float* bias = _bias)
            ConvEpilogue.Apply(y, bias, residual, rows, cout, relu);
    }
}
