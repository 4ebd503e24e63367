using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tensors;

/// <summary>
/// The channels-last convolution against the naive CHW one, through each of its paths: 1×1 stride 1 (input read in place),
/// im2col chunks, and the implicit small-K path the 7×7 stem takes (K ≤ 256 and whole 32-wide output panels).
/// </summary>
public sealed class Conv2dNhwcTests
{
    [Theory]
    [InlineData(3, 64, 37, 53, 7, 2, 3)]   // the stem's shape: implicit path, ragged last tile in every row
    [InlineData(3, 32, 13, 29, 3, 1, 1)]   // implicit, stride 1
    [InlineData(16, 24, 11, 9, 3, 2, 1)]   // im2col (24 columns are not whole panels)
    [InlineData(40, 32, 9, 10, 3, 1, 1)]   // im2col (K = 360 > 256)
    [InlineData(8, 32, 6, 7, 1, 1, 0)]     // 1×1: input read in place
    public void Forward_ResidualAndRelu_MatchesNaiveConvolution(int cin, int cout, int h, int w, int k, int stride, int pad)
    {
        const int batch = 2;
        var weight = Naive.Random(cout * cin * k * k, 21);
        var bias = Naive.Random(cout, 22);
        var conv = new ConvWeights(cout, cin, k, k, stride, pad, 1, weight, bias);
        int oh = conv.OutHeight(h), ow = conv.OutWidth(w);
        var chw = Naive.Random(batch * cin * h * w, 23);
        var residual = Naive.Random(batch * oh * ow * cout, 24);
        var output = new float[batch * oh * ow * cout];
        new Conv2dNhwc(conv).Forward(ToNhwc(chw, batch, cin, h * w), batch, h, w, output, new Parallelism(2), residual, relu: true);

        for (int b = 0; b < batch; b++)
        {
            var expected = Naive.Conv2d(chw.AsSpan(b * cin * h * w, cin * h * w).ToArray(), cin, h, w, weight, bias, cout, k, stride, pad, 1);
            for (int p = 0; p < oh * ow; p++)
                for (int o = 0; o < cout; o++)
                {
                    int at = (b * oh * ow + p) * cout + o;
                    float want = Math.Max(0f, expected[o * oh * ow + p] + residual[at]);
                    Assert.True(Math.Abs(want - output[at]) < 1e-4f, $"image {b} pixel {p} channel {o}: {output[at]} != {want}");
                }
        }
    }

    [Fact]
    public void Forward_StemShape_IsBitIdenticalForAnyThreadCount()
    {
        var conv = new ConvWeights(64, 3, 7, 7, 2, 3, 1, Naive.Random(64 * 3 * 49, 31), Naive.Random(64, 32));
        var input = Naive.Random(3 * 30 * 44, 33);
        int size = conv.OutHeight(30) * conv.OutWidth(44) * 64;
        float[] one = new float[size], three = new float[size];
        var nhwc = new Conv2dNhwc(conv);
        nhwc.Forward(input, 1, 30, 44, one, Parallelism.Single(), relu: true);
        nhwc.Forward(input, 1, 30, 44, three, new Parallelism(3), relu: true);
        Assert.Equal(one, three);
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
