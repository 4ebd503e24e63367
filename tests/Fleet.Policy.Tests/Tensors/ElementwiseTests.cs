using Fleet.Policy.Tensors;

namespace Fleet.Policy.Tests.Tensors;

public sealed class ElementwiseTests
{
    [Fact]
    public void LayerNorm_OneTwoThree_GivesHandComputedValues()
    {
        float[] x = [1, 2, 3];
        LayerNorm.Forward(x, 3, [1, 1, 2], [0, 0, 1], 0f);
        // mean 2, biased var 2/3 → ±1/√(2/3) = ±1.2247449.
        Assert.Equal(-1.2247449f, x[0], 5);
        Assert.Equal(0f, x[1], 6);
        Assert.Equal(2 * 1.2247449f + 1, x[2], 5);
    }

    [Fact]
    public void RmsNorm_ThreeFour_GivesHandComputedValues()
    {
        float[] x = [3, 4, 0, 5];
        RmsNorm.Forward(x, 2, [1, 2], 0f);
        // rms(3,4) = √12.5; rms(0,5) = √12.5.
        Assert.Equal(3 / MathF.Sqrt(12.5f), x[0], 5);
        Assert.Equal(8 / MathF.Sqrt(12.5f), x[1], 5);
        Assert.Equal(0f, x[2]);
        Assert.Equal(10 / MathF.Sqrt(12.5f), x[3], 5);
    }

    [Fact]
    public void Softmax_ZeroAndLnTwo_GivesOneThirdTwoThirds()
    {
        float[] x = [0, MathF.Log(2), 1000, 1000];
        Softmax.Forward(x, 2);
        Assert.Equal(1 / 3f, x[0], 6);
        Assert.Equal(2 / 3f, x[1], 6);
        Assert.Equal(0.5f, x[2], 6);
    }

    [Fact]
    public void Softmax_AllNegativeInfinity_GivesZeros()
    {
        float[] x = [float.NegativeInfinity, float.NegativeInfinity];
        Softmax.Forward(x, 2);
        Assert.Equal([0f, 0f], x);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(-2.0, -0.9953222650189527)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(4.5, 0.9999999998033839)]
    public void Erf_KnownValues_MatchTables(double x, double expected) =>
        Assert.Equal(expected, Gelu.Erf(x), 12);

    [Fact]
    public void Gelu_AtOne_GivesHandComputedValues()
    {
        float[] erf = [1, -1, 0], tanh = [1];
        Gelu.ForwardErf(erf);
        Gelu.ForwardTanh(tanh);
        Assert.Equal(0.8413447f, erf[0], 6);
        Assert.Equal(-0.1586553f, erf[1], 6);
        Assert.Equal(0f, erf[2]);
        Assert.Equal(0.8411920f, tanh[0], 6);
    }

    [Fact]
    public void SiluAndRelu_KnownInputs_GiveHandComputedValues()
    {
        float[] s = [1, 0, -1], r = [-2, 0, 3];
        Silu.Forward(s);
        Relu.Forward(r);
        Assert.Equal(0.7310586f, s[0], 6);
        Assert.Equal(0f, s[1]);
        Assert.Equal(-0.2689414f, s[2], 6);
        Assert.Equal([0f, 0f, 3f], r);
    }

    [Fact]
    public void Rope_PositionZero_IsIdentity_AndPositionOneRotatesByOneRadian()
    {
        float[] x = [1, 2, 3, 4, 1, 0];
        Rope.Apply(x.AsSpan(0, 4), 4, 1, 4, [0]);
        Assert.Equal([1f, 2f, 3f, 4f], x[..4]);
        var pair = x.AsSpan(4, 2);
        Rope.Apply(pair, 2, 1, 2, [1]);
        Assert.Equal(MathF.Cos(1), pair[0], 6);
        Assert.Equal(MathF.Sin(1), pair[1], 6);
    }

    [Fact]
    public void Embedding_Lookup_GathersRows_AndRejectsUnknownIds()
    {
        float[] table = [0, 0, 1, 1, 2, 2];
        var y = new float[4];
        Embedding.Lookup(table, 2, [2, 1], y);
        Assert.Equal([2f, 2f, 1f, 1f], y);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Embedding.Lookup(table, 2, [3], new float[2]));
        Assert.Contains("Token id 3", e.Message);
    }

    [Fact]
    public void BilinearResize_TwoByTwoToFourByFour_GivesHalfPixelValues()
    {
        var y = new float[16];
        BilinearResize.Forward([0, 1, 2, 3], 1, 2, 2, y, 4, 4);
        Assert.Equal([0f, 0.25f, 0.75f, 1f], y[..4]);
        Assert.Equal([0.5f, 0.75f, 1.25f, 1.5f], y[4..8]);
        Assert.Equal([2f, 2.25f, 2.75f, 3f], y[12..16]);
    }

    [Fact]
    public void PixelShuffle_ThenUnshuffle_RoundTrips_AndPlacesChannelsByOffset()
    {
        var x = Enumerable.Range(0, 4 * 2 * 3).Select(i => (float)i).ToArray();
        var y = new float[x.Length];
        PixelShuffle.Forward(x, 4, 2, 3, 2, y);
        // Output pixel (0, 1) comes from channel 0·4 + 0·2 + 1 = 1 at (0, 0) = value 6.
        Assert.Equal(6f, y[1]);
        var back = new float[x.Length];
        PixelShuffle.Unshuffle(y, 1, 4, 6, 2, back);
        Assert.Equal(x, back);
    }

    [Fact]
    public void SinusoidalEmbedding_ZeroAndQuarterPeriod_GiveSinCosHalves()
    {
        var y = new float[8];
        SinusoidalEmbedding.Forward([0f, 1f], 4, 4.0, 8.0, y);
        Assert.Equal([0f, 0f, 1f, 1f], y[..4]);
        // t = 1: periods 4 and 8 → angles π/2 and π/4.
        Assert.Equal(1f, y[4], 6);
        Assert.Equal(MathF.Sin(MathF.PI / 4), y[5], 6);
        Assert.Equal(0f, y[6], 6);
        Assert.Equal(MathF.Cos(MathF.PI / 4), y[7], 6);
    }
}
