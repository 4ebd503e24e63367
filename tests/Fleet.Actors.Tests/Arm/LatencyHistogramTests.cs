using Fleet.Actors.Arm;

namespace Fleet.Actors.Tests.Arm;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentile_SmallValues_AreExact()
    {
        var h = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) h.Record(v);
        Assert.Equal(50, h.Percentile(50));
        Assert.Equal(99, h.Percentile(99));
        Assert.Equal(100, h.Percentile(100));
        Assert.Equal(100, h.MaxMicros);
    }

    [Fact]
    public void Percentile_LargeValues_AreWithinOnePercent()
    {
        var rng = new Random(42);
        var values = Enumerable.Range(0, 20_000).Select(_ => (long)(rng.NextDouble() * rng.NextDouble() * 50_000_000)).ToArray();
        var h = new LatencyHistogram();
        foreach (var v in values) h.Record(v);
        Array.Sort(values);
        foreach (var p in new[] { 50.0, 90, 99, 99.9 })
        {
            long exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
            long got = h.Percentile(p);
            Assert.InRange(got, exact, exact * 1.01 + 1);
        }
        Assert.Equal(values[^1], h.MaxMicros);
    }

    [Fact]
    public void Record_HugeValue_LandsInTheTopBucketAndKeepsTheExactMax()
    {
        var h = new LatencyHistogram();
        h.Record(long.MaxValue / 2);
        h.Record(-5);
        Assert.Equal(2, h.Count);
        Assert.Equal(0, h.Percentile(50));
        Assert.Equal(long.MaxValue / 2, h.Percentile(100));
    }

    [Fact]
    public void CumulativeCounts_RandomValues_MatchExactCountsWithinOnePercentOfEachBound()
    {
        var rng = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(_ => (long)(rng.NextDouble() * rng.NextDouble() * 2_000_000)).ToArray();
        var h = new LatencyHistogram();
        foreach (var v in values) h.Record(v);
        long[] bounds = [100, 500, 1_000, 10_000, 100_000, 1_000_000, 5_000_000];

        var counts = h.CumulativeCounts(bounds);

        for (int i = 0; i < bounds.Length; i++)
        {
            // The bound's own bucket (1% wide) counts as below it: between the exact counts at b and at b*1.01.
            long atBound = values.Count(v => v <= bounds[i]);
            long atBucketTop = values.Count(v => v <= bounds[i] * 1.01 + 1);
            Assert.InRange(counts[i], atBound, atBucketTop);
        }
        Assert.Equal(values.Length, counts[^1]);
    }

    [Fact]
    public void HistogramBuckets_From_CarriesCountSumAndAscendingCumulativeCounts()
    {
        var h = new LatencyHistogram();
        foreach (var v in new long[] { 300, 800, 1_500, 30_000, 250_000 }) h.Record(v);

        var buckets = HistogramBuckets.From(h, HistogramBuckets.JitterBounds);

        Assert.Equal(5, buckets.Count);
        Assert.Equal(0.2826, buckets.SumSeconds, 6);
        Assert.Equal(new long[] { 1, 2, 3, 3, 3, 3, 4, 4 }, buckets.CumulativeCounts);
    }
}
