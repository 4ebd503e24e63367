using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tensors;

public sealed class ConvTests
{
    [Fact]
    public void Forward_TwoByTwoKernel_GivesHandComputedMap()
    {
        // 3x3 input 1..9, kernel [[1,0],[0,-1]], bias 10: out[y,x] = in[y,x] - in[y+1,x+1] + 10 = 6 everywhere.
        var conv = new ConvWeights(1, 1, 2, 2, 1, 0, 1, [1, 0, 0, -1], [10]);
        var y = new float[4];
        Conv2d.Forward(conv, [1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 3, y);
        Assert.Equal([6f, 6f, 6f, 6f], y);
    }

    [Theory]
    [InlineData(3, 8, 31, 27, 7, 2, 3, 1)]
    [InlineData(16, 12, 9, 11, 3, 1, 1, 1)]
    [InlineData(16, 12, 9, 11, 3, 2, 1, 1)]
    [InlineData(8, 5, 10, 10, 1, 2, 0, 1)]
    [InlineData(8, 5, 10, 10, 1, 1, 0, 1)]
    [InlineData(4, 6, 12, 13, 3, 1, 2, 2)]
    public void Forward_RandomShapes_MatchesDirectConvolution(int cin, int cout, int h, int w, int k, int stride, int pad, int dil)
    {
        var x = Naive.Random(cin * h * w, 5);
        var weight = Naive.Random(cout * cin * k * k, 6);
        var bias = Naive.Random(cout, 7);
        var conv = new ConvWeights(cout, cin, k, k, stride, pad, dil, weight, bias);
        var y = new float[cout * conv.OutHeight(h) * conv.OutWidth(w)];
        Conv2d.Forward(conv, x, h, w, y, new Parallelism(2));
        var expected = Naive.Conv2d(x, cin, h, w, weight, bias, cout, k, stride, pad, dil);
        Assert.True(Naive.MaxAbsDiff(expected, y) < 1e-5, $"diff {Naive.MaxAbsDiff(expected, y)}");
    }

    [Fact]
    public void Fold_ConvThenFrozenBatchNorm_EqualsFoldedConv()
    {
        int cin = 3, cout = 4, h = 6, w = 5;
        var x = Naive.Random(cin * h * w, 8);
        var conv = new ConvWeights(cout, cin, 3, 3, 1, 1, 1, Naive.Random(cout * cin * 9, 9), null);
        float[] gamma = [1.5f, 0.5f, 2f, 1f], beta = [0.1f, -0.2f, 0.3f, 0f], mean = [0.5f, -1f, 0f, 2f], variance = [1f, 4f, 0.25f, 9f];
        var plain = Naive.Conv2d(x, cin, h, w, conv.Weight, null, cout, 3, 1, 1, 1);
        int plane = h * w;
        for (int i = 0; i < plain.Length; i++)
        {
            int o = i / plane;
            plain[i] = (plain[i] - mean[o]) * gamma[o] / MathF.Sqrt(variance[o] + 1e-5f) + beta[o];
        }
        var folded = BatchNormFold.Fold(conv, gamma, beta, mean, variance);
        var y = new float[cout * plane];
        Conv2d.Forward(folded, x, h, w, y);
        Assert.True(Naive.MaxAbsDiff(plain, y) < 1e-5, $"diff {Naive.MaxAbsDiff(plain, y)}");
        Assert.Null(conv.Bias);
    }

    [Fact]
    public void MaxPool_PaddedThreeByThreeStrideTwo_GivesHandComputedMaxima()
    {
        // 4x4 ramp 0..15; windows centred on (0,0),(0,2),(2,0),(2,2) with padding 1.
        var x = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();
        var y = new float[4];
        MaxPool.Forward(x, 1, 4, 4, 3, 2, 1, y);
        Assert.Equal([5f, 7f, 13f, 15f], y);
    }

    [Fact]
    public void MaxPool_AllNegativeWithPadding_PaddingNeverWins()
    {
        var x = Enumerable.Repeat(-3f, 9).ToArray();
        var y = new float[4];
        MaxPool.Forward(x, 1, 3, 3, 3, 2, 1, y);
        Assert.All(y, v => Assert.Equal(-3f, v));
    }
}
