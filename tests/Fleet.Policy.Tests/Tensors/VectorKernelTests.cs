using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tensors;

/// <summary>The kernels added for SmolVLA's vision tower (blocked attention, vectorized LayerNorm, softmax, bias+GELU), against textbook versions.</summary>
public sealed class VectorKernelTests
{
    [Theory]
    [InlineData(1, 8, 1)]
    [InlineData(3, 8, 1)]
    [InlineData(3, 8, 2)]
    [InlineData(2, 64, 1)] // head width 64: the unpacked P·V kernel (AVX-512), including rows beyond a multiple of 6
    [InlineData(3, 64, 2)]
    public void BlockedAttention_SeveralQueryBlocksInFusedLayout_MatchesNaive(int heads, int hd, int threads)
    {
        // 600 queries = 3 blocks (the last partial); Q, K, V are column slices of one [rows, 3·width] buffer.
        int n = 600, width = heads * hd, ld = 3 * width;
        var qkv = Naive.Random(n * ld, 11, hd == 8 ? 2 : 0.5f);
        var q = new float[n * width];
        var k = new float[n * width];
        var v = new float[n * width];
        for (int r = 0; r < n; r++)
        {
            qkv.AsSpan(r * ld, width).CopyTo(q.AsSpan(r * width));
            qkv.AsSpan(r * ld + width, width).CopyTo(k.AsSpan(r * width));
            qkv.AsSpan(r * ld + 2 * width, width).CopyTo(v.AsSpan(r * width));
        }
        var actual = new float[n * width];
        BlockedAttention.Forward(qkv, ld, qkv.AsSpan(width), ld, qkv.AsSpan(2 * width), ld, n, n, heads, hd, 1f / MathF.Sqrt(hd),
            actual, width, new Parallelism(threads));
        var expected = Naive.Attention(q, k, v, n, n, heads, hd);
        Assert.True(Naive.MaxAbsDiff(expected, actual) < 1e-5, $"diff {Naive.MaxAbsDiff(expected, actual)}");
    }

    [Fact]
    public void BlockedAttention_NoKeys_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => BlockedAttention.Forward(new float[8], 8, [], 8, [], 8, 1, 0, 1, 8, 1f, new float[8], 8, null));
    }

    [Fact]
    public void BiasGelu_WideRange_MatchesTanhFormula()
    {
        int rows = 3, dim = 37;
        var x = new float[rows * dim];
        for (int i = 0; i < x.Length; i++) x[i] = -12f + 24f * i / (x.Length - 1);
        x[5] = -200f;
        x[6] = 200f;
        var bias = Naive.Random(dim, 4, 0.5f);
        var expected = x.Select((v, i) => (float)GeluTanh(v + bias[i % dim])).ToArray();
        BiasGelu.ForwardTanh(x, dim, 0, rows, bias);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(expected[i] - x[i]) <= 2e-6 * Math.Max(1, Math.Abs(expected[i])), $"x[{i}]: {x[i]} vs {expected[i]}");
    }

    private static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    [Fact]
    public void BiasGelu_BiasOfWrongWidth_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => BiasGelu.ForwardTanh(new float[20], 10, 0, 2, new float[9]));
        Assert.Contains("rows of 10 need 10", e.Message);
        Assert.Throws<ArgumentException>(() => BiasGelu.ForwardTanh(new float[20], 10, 0, 3, new float[10]));
    }

    [Fact]
    public void VectorLayerNorm_GammaOfWrongWidth_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => VectorLayerNorm.Forward(new float[20], new float[20], 10, 0, 2, new float[10], new float[8], 1e-6f));
        Assert.Contains("needs γ and β of 10", e.Message);
        Assert.Throws<ArgumentException>(() => VectorLayerNorm.Forward(new float[20], new float[10], 10, 0, 2, new float[10], new float[10], 1e-6f));
    }

    [Fact]
    public void BiasGelu_RowRange_LeavesOtherRowsAlone()
    {
        var x = Naive.Random(4 * 20, 8);
        var before = x.ToArray();
        BiasGelu.ForwardTanh(x, 20, 1, 3, new float[20]);
        Assert.Equal(before.AsSpan(0, 20).ToArray(), x.AsSpan(0, 20).ToArray());
        Assert.Equal(before.AsSpan(60, 20).ToArray(), x.AsSpan(60, 20).ToArray());
        Assert.NotEqual(before.AsSpan(20, 20).ToArray(), x.AsSpan(20, 20).ToArray());
    }

    [Fact]
    public void VectorLayerNorm_OffsetRows_MatchesDoubleLayerNorm()
    {
        int rows = 5, dim = 100;
        var x = Naive.Random(rows * dim, 21, 3).Select(v => v + 50f).ToArray();
        var gamma = Naive.Random(dim, 22);
        var beta = Naive.Random(dim, 23);
        var expected = x.ToArray();
        LayerNorm.Forward(expected, dim, gamma, beta, 1e-6f);
        var actual = new float[x.Length];
        VectorLayerNorm.Forward(x, actual, dim, 0, rows, gamma, beta, 1e-6f);
        Assert.True(Naive.MaxAbsDiff(expected, actual) < 1e-5, $"diff {Naive.MaxAbsDiff(expected, actual)}");
        VectorLayerNorm.Forward(x, x, dim, 0, rows, gamma, beta, 1e-6f);
        Assert.Equal(actual, x);
    }

    [Fact]
    public void VectorSoftmax_LongRowsAndMaskedRow_MatchesScalarSoftmax()
    {
        var x = Naive.Random(3 * 300, 31, 20);
        for (int i = 600; i < 900; i++) x[i] = float.NegativeInfinity;
        var expected = x.ToArray();
        Softmax.Forward(expected, 300);
        VectorSoftmax.Forward(x, 300);
        Assert.True(Naive.MaxAbsDiff(expected, x) < 1e-6, $"diff {Naive.MaxAbsDiff(expected, x)}");
        Assert.All(x.AsSpan(600, 300).ToArray(), v => Assert.Equal(0f, v));
    }
}
