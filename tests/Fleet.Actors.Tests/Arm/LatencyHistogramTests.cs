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
}
