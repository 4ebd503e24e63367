namespace Fleet.Actors.Arm;

/// <summary>
/// A latency histogram cut at fixed bounds for export (Prometheus <c>_bucket{le=…}</c> samples): for each upper bound,
/// how many values were at or below it (cumulative, within <see cref="LatencyHistogram"/>'s 1% resolution), plus the
/// count and sum of all values.
/// </summary>
/// <param name="UpperBoundsSeconds">The bounds, ascending (the implicit last bucket, +Inf, holds <paramref name="Count"/>).</param>
/// <param name="CumulativeCounts">Values at or below each bound, one per bound.</param>
/// <param name="Count">All values recorded.</param>
/// <param name="SumSeconds">Their sum.</param>
public sealed record HistogramBuckets(IReadOnlyList<double> UpperBoundsSeconds, IReadOnlyList<long> CumulativeCounts, long Count, double SumSeconds)
{
    /// <summary>Bounds for servo tick jitter: 0.5 ms to 100 ms.</summary>
    public static IReadOnlyList<double> JitterBounds { get; } = Array.AsReadOnly([0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1]);

    /// <summary>Bounds for request-to-chunk latency: 10 ms to 5 s.</summary>
    public static IReadOnlyList<double> LatencyBounds { get; } = Array.AsReadOnly([0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0]);

    /// <summary>Cuts <paramref name="histogram"/> at <paramref name="bounds"/>.</summary>
    public static HistogramBuckets From(LatencyHistogram histogram, IReadOnlyList<double> bounds)
    {
        var micros = bounds.Select(b => (long)Math.Round(b * 1_000_000)).ToArray();
        return new HistogramBuckets(bounds, histogram.CumulativeCounts(micros), histogram.Count, histogram.SumMicros / 1_000_000.0);
    }
}
