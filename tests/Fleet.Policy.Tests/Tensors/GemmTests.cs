using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tensors;

public sealed class GemmTests
{
    [Fact]
    public void Multiply_TwoByTwo_GivesHandComputedProduct()
    {
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8], c = new float[4];
        Gemm.Multiply(2, 2, 2, a, 2, false, b, 2, false, c, 2, false);
        Assert.Equal([19f, 22f, 43f, 50f], c);
    }

    [Fact]
    public void Multiply_Accumulate_AddsToExistingValues()
    {
        float[] a = [1, 2], b = [3, 4], c = [10, 20, 30, 40];
        Gemm.Multiply(2, 2, 1, a, 1, false, b, 2, false, c, 2, true);
        Assert.Equal([13f, 24f, 36f, 48f], c);
    }

    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(7, 33, 5, false, false)]
    [InlineData(13, 70, 300, false, true)]
    [InlineData(61, 17, 259, true, false)]
    [InlineData(100, 129, 513, true, true)]
    [InlineData(6, 32, 256, false, false)]
    public void Multiply_RaggedShapesAndTransposes_MatchesNaive(int m, int n, int k, bool ta, bool tb)
    {
        int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1;
        var a = Naive.Random((ta ? k : m) * lda, 1);
        var b = Naive.Random((tb ? n : k) * ldb, 2);
        var expected = Naive.Gemm(m, n, k, a, lda, ta, b, ldb, tb);
        var c = new float[m * n];
        Gemm.Multiply(m, n, k, a, lda, ta, b, ldb, tb, c, n, false);
        Assert.True(Naive.MaxAbsDiff(expected, c) < 1e-5 * Math.Sqrt(k) + 1e-6, $"diff {Naive.MaxAbsDiff(expected, c)}");
    }

    [Theory]
    [InlineData(64, 3000, 147)]
    [InlineData(302, 512, 512)]
    [InlineData(500, 40, 64)]
    public void Multiply_ManyThreads_IsBitIdenticalToOneThread(int m, int n, int k)
    {
        var a = Naive.Random(m * k, 3);
        var b = Naive.Random(k * n, 4);
        var single = new float[m * n];
        var multi = new float[m * n];
        Gemm.Multiply(m, n, k, a, k, false, b, n, false, single, n, false);
        Gemm.Multiply(m, n, k, a, k, false, b, n, false, multi, n, false, new Parallelism(3));
        Assert.Equal(single, multi);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiply_RaggedLastRows_AreBitIdenticalToTheSameRowsInsideWholeTiles(bool accumulate)
    {
        // 1–11 rows past the last whole 12-row tile (the expert's 50 rows leave 2), two K blocks, whole and partial
        // column panels: each row must come out exactly as it does when it sits inside a whole tile of a taller
        // matrix, or a batch's neighbours would change its result.
        int n = 69, k = 300, tall = 36;
        var a = Naive.Random(tall * k, 5);
        var w = Naive.Random(n * k, 6);
        var packed = PackedMatrix.Pack(w, k, n, k, transpose: true);
        var start = Naive.Random(tall * n, 7);
        var whole = start.ToArray();
        Gemm.Multiply(tall, n, k, a, k, false, packed, whole, n, accumulate);
        for (int rows = 13; rows < 24; rows++)
        {
            var c = start.AsSpan(0, rows * n).ToArray();
            Gemm.Multiply(rows, n, k, a.AsSpan(0, rows * k), k, false, packed, c, n, accumulate, new Parallelism(2));
            Assert.Equal(whole.AsSpan(0, rows * n).ToArray(), c);
        }
        var expected = Naive.Gemm(tall, n, k, a, k, false, w, k, true);
        if (accumulate)
            for (int i = 0; i < expected.Length; i++) expected[i] += start[i];
        Assert.True(Naive.MaxAbsDiff(expected, whole) < 1e-4, $"diff {Naive.MaxAbsDiff(expected, whole)}");
    }

    [Fact]
    public void Multiply_BufferTooSmall_ThrowsNamingOperand()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(4, 4, 4, new float[15], 4, false, new float[16], 4, false, new float[16], 4, false));
        Assert.Contains("operand A", e.Message);
    }
}
