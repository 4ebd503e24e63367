using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tensors;

/// <summary>
/// The implicit-GEMM convolution over zero-bordered maps against the naive CHW convolution: 3×3 stride 1 (the virtual
/// line through the border columns) and stride 2, 1×1 stride 2 (ResNet's downsample) and stride 1, channel counts that
/// take one K block with three kernel-row segments (≤ 85 in) or several single-run blocks, widths below and above a
/// 12-row tile, a batch of 2, residual and ReLU; plus the output border staying zero and thread-count independence.
/// </summary>
public sealed class PaddedConvTests
{
    [Theory]
    [InlineData(5, 32, 7, 9, 3, 1)]      // three segments of 15, ragged tiles, width < tile
    [InlineData(64, 64, 13, 29, 3, 1)]   // layer1's shape: one K block of 3×192
    [InlineData(96, 32, 6, 17, 3, 1)]    // kernel row of 288 > 256: six blocks of 144
    [InlineData(64, 128, 13, 27, 3, 2)]  // layer2.0.conv1: stride 2, odd size
    [InlineData(128, 64, 9, 8, 3, 2)]    // stride 2, several blocks, output narrower than a tile
    [InlineData(64, 128, 13, 27, 1, 2)]  // downsample 1×1 stride 2
    [InlineData(40, 32, 5, 14, 1, 1)]    // 1×1 stride 1
    public void Forward_ResidualAndRelu_MatchesNaiveConvolution(int cin, int cout, int h, int w, int k, int stride)
    {
        const int batch = 2;
        int pad = k / 2;
        var weight = Naive.Random(cout * cin * k * k, 41);
        var bias = Naive.Random(cout, 42);
        var weights = new ConvWeights(cout, cin, k, k, stride, pad, 1, weight, bias);
        if (!RunsHere(weights))
            return;
        var conv = new PaddedConv(weights);
        var inShape = new PaddedNhwc(batch, h, w, cin);
        var outShape = conv.OutputShape(inShape);
        int oh = outShape.Height, ow = outShape.Width;
        var chw = Naive.Random(batch * cin * h * w, 43);
        var input = new float[inShape.Length];
        inShape.CopyFromDense(ToNhwc(chw, batch, cin, h * w), input);
        var residual = Naive.Random(outShape.Length, 44);
        // Garbage in the output beforehand: the conv must write every interior value and clear the border itself.
        var output = Naive.Random(outShape.Length, 45);
        conv.Forward(inShape, input, output, new Parallelism(2), residual, relu: true);

        for (int b = 0; b < batch; b++)
        {
            var expected = Naive.Conv2d(chw.AsSpan(b * cin * h * w, cin * h * w).ToArray(), cin, h, w, weight, bias, cout, k, stride, pad, 1);
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                    for (int o = 0; o < cout; o++)
                    {
                        long at = outShape.Offset(b, y, x) + o;
                        float want = Math.Max(0f, expected[(o * oh + y) * ow + x] + residual[at]);
                        Assert.True(Math.Abs(want - output[at]) < 1e-4f, $"image {b} pixel ({y}, {x}) channel {o}: {output[at]} != {want}");
                    }
        }
        AssertBorderIsZero(outShape, output);
    }

    [Fact]
    public void Forward_AnyThreadCount_IsBitIdentical()
    {
        var weights = new ConvWeights(64, 128, 3, 3, 1, 1, 1, Naive.Random(64 * 128 * 9, 51), Naive.Random(64, 52));
        if (!RunsHere(weights))
            return;
        var conv = new PaddedConv(weights);
        var shape = new PaddedNhwc(1, 11, 23, 128);
        var input = new float[shape.Length];
        shape.CopyFromDense(Naive.Random(11 * 23 * 128, 53), input);
        var outShape = conv.OutputShape(shape);
        float[] one = new float[outShape.Length], three = new float[outShape.Length];
        conv.Forward(shape, input, one, Parallelism.Single(), relu: true);
        conv.Forward(shape, input, three, new Parallelism(3), relu: true);
        Assert.Equal(one, three);
    }

    [Fact]
    public void Constructor_UnsupportedShape_SaysWhatItTakes()
    {
        var error = Assert.Throws<ArgumentException>(() => new PaddedConv(new ConvWeights(32, 3, 7, 7, 2, 3, 1, new float[32 * 3 * 49], null)));
        Assert.Contains("7x7", error.Message);
    }

    /// <summary>Without AVX-512 the shape is refused (the backbone then takes Conv2dNhwc): assert that instead.</summary>
    private static bool RunsHere(ConvWeights weights)
    {
        if (PaddedConv.Supports(weights))
            return true;
        Assert.Throws<ArgumentException>(() => new PaddedConv(weights));
        return false;
    }

    private static void AssertBorderIsZero(PaddedNhwc shape, float[] buffer)
    {
        for (int b = 0; b < shape.Batch; b++)
            for (int y = -1; y <= shape.Height; y++)
                for (int x = -1; x <= shape.Width; x++)
                {
                    if (y >= 0 && y < shape.Height && x >= 0 && x < shape.Width) continue;
                    long at = shape.Offset(b, y, x);
                    for (int c = 0; c < shape.Channels; c++)
                        Assert.True(buffer[at + c] == 0f, $"border cell image {b} ({y}, {x}) channel {c} is {buffer[at + c]}, not 0");
                }
    }

    private static float[] ToNhwc(float[] chw, int batch, int channels, int plane)
    {
        var nhwc = new float[chw.Length];
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < plane; i++)
                    nhwc[(b * plane + i) * channels + c] = chw[(b * channels + c) * plane + i];
        return nhwc;
    }
}
