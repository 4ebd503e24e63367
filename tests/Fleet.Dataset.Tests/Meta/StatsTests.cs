using Fleet.Dataset.Meta;
using Fleet.Dataset.Video;

namespace Fleet.Dataset.Tests.Meta;

public class StatsTests
{
    [Fact]
    public void Numeric_UniformRamp_GivesExactMomentsAndInterpolatedQuantiles()
    {
        var values = Enumerable.Range(0, 1001).Select(i => (double)i).ToArray();
        var s = StatsCalculator.Numeric(values, 1, float32: false);
        Assert.Equal(0, s.Min[0]);
        Assert.Equal(1000, s.Max[0]);
        Assert.Equal(500, s.Mean[0], 9);
        Assert.Equal(Math.Sqrt(values.Select(v => (v - 500) * (v - 500)).Average()), s.Std[0], 9);
        Assert.Equal(1001, s.Count);
        Assert.Equal(10, s.Quantiles[0][0], 0);   // q01
        Assert.Equal(500, s.Quantiles[2][0], 0);  // q50
        Assert.Equal(990, s.Quantiles[4][0], 0);  // q99
    }

    [Fact]
    public void Aggregate_TwoEpisodes_PoolsMeanAndVarianceAndEnvelopesQuantiles()
    {
        var a = StatsCalculator.Numeric([0, 2], 1, false);
        var b = StatsCalculator.Numeric([10, 12, 14, 16], 1, false);
        var all = StatsCalculator.Numeric([0, 2, 10, 12, 14, 16], 1, false);
        var agg = FeatureStats.Aggregate([a, b]);
        Assert.Equal(all.Mean[0], agg.Mean[0], 9);
        Assert.Equal(all.Std[0], agg.Std[0], 9);
        Assert.Equal(6, agg.Count);
        Assert.Equal(Math.Min(a.Quantiles[0][0], b.Quantiles[0][0]), agg.Quantiles[0][0]);
        Assert.Equal(Math.Max(a.Quantiles[4][0], b.Quantiles[4][0]), agg.Quantiles[4][0]);
    }

    [Theory]
    [InlineData(50, 50)]
    [InlineData(100, 100)]
    [InlineData(1800, 276)]
    [InlineData(200_000, 9457)]
    public void SampleIndices_EpisodeLength_FollowsLeRobotSampleCount(long frames, int expected)
    {
        var indices = ImageStatsSampler.SampleIndices(frames);
        Assert.Equal(expected, indices.Count);
        Assert.Equal(0, indices.Min());
        Assert.Equal(frames - 1, indices.Max());
    }

    [Fact]
    public void Stride_640x480_IsFour() => Assert.Equal(4, ImageStatsSampler.Stride(640, 480));
}

public class FeatureStatsJsonTests
{
    [Fact]
    public void FromJson_QuotedNaNAndImageShape_ReadsBack()
    {
        var stats = Fleet.Dataset.Meta.StatsCalculator.Image([Enumerable.Repeat(1L, 256).ToArray(), Enumerable.Repeat(1L, 256).ToArray(), Enumerable.Repeat(1L, 256).ToArray()], 4);
        var json = stats.ToJson();
        json["std"]![0]![0]![0] = "NaN";
        var back = FeatureStats.FromJson(json, "observation.images.front");
        Assert.True(back.IsImage);
        Assert.Equal(4, back.Count);
        Assert.True(double.IsNaN(back.Std[0]));
        Assert.Equal(stats.Mean, back.Mean);
        Assert.Equal(0.5, back.Quantiles[2][1], 2);
    }
}
