using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tensors;

public sealed class AttentionTests
{
    [Fact]
    public void Forward_IdenticalKeys_AveragesValues()
    {
        float[] q = [1, 0], k = [1, 1, 1, 1, 1, 1], v = [1, 10, 2, 20, 3, 30];
        var o = new float[2];
        Attention.Forward(q, 2, k, 2, v, 2, 1, 3, 1, 2, o, 2);
        Assert.Equal(2f, o[0], 5);
        Assert.Equal(20f, o[1], 5);
    }

    [Fact]
    public void Forward_ManyHeadsWithMasks_MatchesNaive()
    {
        int lq = 5, lk = 9, heads = 3, hd = 8, d = heads * hd;
        var q = Naive.Random(lq * d, 1, 2);
        var k = Naive.Random(lk * d, 2, 2);
        var v = Naive.Random(lk * d, 3);
        var allowed = Enumerable.Range(0, lq * lk).Select(i => i % 7 != 3).ToArray();
        var mask = new AttentionMask(true, allowed);
        var o = new float[lq * d];
        Attention.Forward(q, d, k, d, v, d, lq, lk, heads, hd, o, d, mask);
        var expected = Naive.Attention(q, k, v, lq, lk, heads, hd, (i, j) => j <= i + lk - lq && allowed[i * lk + j]);
        Assert.True(Naive.MaxAbsDiff(expected, o) < 1e-5, $"diff {Naive.MaxAbsDiff(expected, o)}");
    }

    [Fact]
    public void KvCache_StepByStep_EqualsFullCausalAttention()
    {
        int steps = 6, heads = 2, hd = 4, d = heads * hd;
        var q = Naive.Random(steps * d, 4);
        var k = Naive.Random(steps * d, 5);
        var v = Naive.Random(steps * d, 6);
        var full = new float[steps * d];
        Attention.Forward(q, d, k, d, v, d, steps, steps, heads, hd, full, d, new AttentionMask(true));
        var cache = new KvCache(steps, d);
        var step = new float[d];
        for (int t = 0; t < steps; t++)
        {
            cache.Append(k.AsSpan(t * d, d), v.AsSpan(t * d, d));
            cache.Attend(q.AsSpan(t * d, d), 1, heads, hd, step);
            Assert.True(Naive.MaxAbsDiff(full.AsSpan(t * d, d), step) < 1e-6);
        }
        Assert.Throws<InvalidOperationException>(() => cache.Append(k.AsSpan(0, d), v.AsSpan(0, d)));
    }
}
