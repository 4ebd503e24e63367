using Fleet.Policy.SmolVla;
using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.SmolVla;

public sealed class KernelTests
{
    [Fact]
    public void GroupedQueryAttention_PrefixMasksAndGroups_MatchesNaive()
    {
        int lq = 7, lk = 11, heads = 6, kvHeads = 2, hd = 8;
        var q = Naive.Random(lq * heads * hd, 1, 2);
        var k = Naive.Random(lk * kvHeads * hd, 2, 2);
        var v = Naive.Random(lk * kvHeads * hd, 3);
        int[] visible = [4, 4, 5, 11, 1, 8, 11];
        var o = new float[lq * heads * hd];
        GroupedQueryAttention.Forward(q, heads * hd, k, kvHeads * hd, v, kvHeads * hd, lq, lk, heads, kvHeads, hd, visible, o, heads * hd, new Parallelism(2));
        // Naive multi-head attention over K/V with each KV head repeated for its 3 query heads.
        var kRep = Repeat(k, lk, kvHeads, hd, heads / kvHeads);
        var vRep = Repeat(v, lk, kvHeads, hd, heads / kvHeads);
        var expected = Naive.Attention(q, kRep, vRep, lq, lk, heads, hd, (i, j) => j < visible[i]);
        Assert.True(Naive.MaxAbsDiff(expected, o) < 1e-5, $"diff {Naive.MaxAbsDiff(expected, o)}");
    }

    [Fact]
    public void GroupedQueryAttention_OneTwoOrThreeThreads_GiveBitIdenticalResults()
    {
        // The expert's shape: 15 query heads over 5 K/V heads, 50 queries against a 177-row prefix plus the causal
        // chunk. With 2 or 3 threads the query rows are sliced between work items; no value may change.
        int lq = 50, lk = 227, heads = 15, kvHeads = 5, hd = 64;
        var q = Naive.Random(lq * heads * hd, 11, 2);
        var k = Naive.Random(lk * kvHeads * hd, 12, 2);
        var v = Naive.Random(lk * kvHeads * hd, 13);
        var visible = Enumerable.Range(0, lq).Select(i => lk - lq + 1 + i).ToArray();
        float[] Run(int threads)
        {
            var o = new float[lq * heads * hd];
            GroupedQueryAttention.Forward(q, heads * hd, k, kvHeads * hd, v, kvHeads * hd, lq, lk, heads, kvHeads, hd, visible, o, heads * hd, new Parallelism(threads));
            return o;
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
        var kRep = Repeat(k, lk, kvHeads, hd, heads / kvHeads);
        var vRep = Repeat(v, lk, kvHeads, hd, heads / kvHeads);
        var expected = Naive.Attention(q, kRep, vRep, lq, lk, heads, hd, (i, j) => j < visible[i]);
        Assert.True(Naive.MaxAbsDiff(expected, one) < 1e-5, $"diff {Naive.MaxAbsDiff(expected, one)}");
    }

    [Fact]
    public void GroupedQueryAttention_OneVisibleKey_CopiesThatValue()
    {
        float[] q = [5, -3], k = [1, 2, 3, 4], v = [7, 8, 9, 10];
        var o = new float[2];
        GroupedQueryAttention.Forward(q, 2, k, 2, v, 2, 1, 2, 1, 1, 2, [1], o, 2);
        Assert.Equal([7f, 8f], o);
    }

    [Fact]
    public void RotaryTable_RotateHalf_MatchesFloat64Angles()
    {
        int heads = 2, hd = 8;
        var x = Naive.Random(3 * heads * hd, 4);
        var expected = (float[])x.Clone();
        int[] positions = [0, 5, 117];
        new RotaryTable(hd, 200).Apply(x, heads * hd, heads, positions);
        Rope.Apply(expected, heads * hd, heads, hd, positions);
        Assert.True(Naive.MaxAbsDiff(expected, x) < 2e-5, $"diff {Naive.MaxAbsDiff(expected, x)}");
        // Position 0 is the identity.
        var row0 = Naive.Random(heads * hd, 4);
        Assert.Equal(row0, x[..(heads * hd)]);
    }

    [Fact]
    public void RotaryTable_PositionBeyondTable_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RotaryTable(4, 10).Apply(new float[4], 4, 1, [10]));
        Assert.Contains("10", e.Message);
    }

    [Fact]
    public void PrefixLayout_ImagesLanguageThenState_StateIsHiddenFromTheRest()
    {
        int[] flags = [0, 0, 0, 0, 1];
        var positions = new int[5];
        var visible = new int[5];
        SmolVlaTextModel.Layout(flags, positions, visible);
        Assert.Equal([0, 1, 2, 3, 4], positions);
        Assert.Equal([4, 4, 4, 4, 5], visible);
    }

    [Fact]
    public void PrefixLayout_AllFlagsSet_IsCausal()
    {
        int[] flags = [1, 1, 1];
        var positions = new int[3];
        var visible = new int[3];
        SmolVlaTextModel.Layout(flags, positions, visible);
        Assert.Equal([1, 2, 3], visible);
    }

    [Fact]
    public void ExpertIntermediate_LeRobotRounding_GivesCheckpointWidths()
    {
        Assert.Equal(2048, SmolVlaDimensions.ExpertIntermediate(720));
        Assert.Equal(256, SmolVlaDimensions.ExpertIntermediate(72));
    }

    private static float[] Repeat(float[] kv, int rows, int kvHeads, int hd, int group)
    {
        var result = new float[rows * kvHeads * group * hd];
        for (int r = 0; r < rows; r++)
            for (int h = 0; h < kvHeads * group; h++)
                kv.AsSpan(r * kvHeads * hd + h / group * hd, hd).CopyTo(result.AsSpan((r * kvHeads * group + h) * hd));
        return result;
    }
}
