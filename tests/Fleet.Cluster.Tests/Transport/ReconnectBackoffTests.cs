using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Transport;

public sealed class ReconnectBackoffTests
{
    private static readonly ReconnectBackoff Backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2);

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(4, 1600)]
    [InlineData(6, 6400)]
    [InlineData(7, 10_000)]
    [InlineData(60, 10_000)]
    public void Delay_WithoutJitter_DoublesFromTheMinimumUpToTheCap(int attempt, int expectedMs)
    {
        var delay = (Backoff with { RandomFactor = 0 }).Delay(attempt);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Fact]
    public void Delay_WithJitter_StaysWithinTheFactorAndVaries()
    {
        var random = new Random(8);
        var delays = Enumerable.Range(0, 200).Select(_ => Backoff.Delay(3, random).TotalMilliseconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, 800 * 0.8, 800 * 1.2));
        Assert.True(delays.Distinct().Count() > 100, "jitter should spread the pauses");
        Assert.InRange(delays.Average(), 760, 840);
    }
}
