namespace Fleet.Dataset.Meta;

/// <summary>
/// Per-episode statistics as LeRobot's <c>compute_episode_stats</c> produces them: exact min, max, mean and
/// population std per dimension; quantiles estimated from a 5000-bin histogram between min and max with
/// linear interpolation inside the bin (LeRobot's <c>RunningQuantileStats</c>). Float32 features report
/// values rounded to float32, as numpy's float32 arrays do.
/// </summary>
public static class StatsCalculator
{
    private const int Bins = 5000;

    /// <summary>Stats of <paramref name="values"/>: rows of <paramref name="dims"/> values each, row-major.</summary>
    public static FeatureStats Numeric(ReadOnlySpan<double> values, int dims, bool float32)
    {
        if (dims <= 0 || values.Length % dims != 0 || values.Length == 0)
            throw new ArgumentException($"{values.Length} values do not form rows of {dims}.", nameof(values));
        var frames = values.Length / dims;
        var min = new double[dims]; var max = new double[dims]; var mean = new double[dims]; var std = new double[dims];
        var q = FeatureStats.QuantileKeys.Select(_ => new double[dims]).ToArray();
        var column = new double[frames];
        for (var d = 0; d < dims; d++)
        {
            for (var f = 0; f < frames; f++) column[f] = values[f * dims + d];
            min[d] = column.Min();
            max[d] = column.Max();
            mean[d] = column.Average();
            var m = mean[d];
            std[d] = Math.Sqrt(Math.Max(0, column.Sum(v => v * v) / frames - m * m));
            var quantiles = HistogramQuantiles(column, min[d], max[d]);
            for (var k = 0; k < q.Length; k++) q[k][d] = quantiles[k];
        }
        if (float32) foreach (var arr in new[] { min, max, mean, std }.Concat(q)) Round(arr);
        return new FeatureStats(min, max, mean, std, frames, q, IsImage: false);
    }

    /// <summary>
    /// Image stats from per-channel histograms of 8-bit pixel values of the sampled frames; values are divided
    /// by 255. <paramref name="sampledFrames"/> becomes the count, as in LeRobot's non-streaming mode.
    /// </summary>
    public static FeatureStats Image(long[][] channelHistograms, long sampledFrames)
    {
        var min = new double[3]; var max = new double[3]; var mean = new double[3]; var std = new double[3];
        var q = FeatureStats.QuantileKeys.Select(_ => new double[3]).ToArray();
        for (var c = 0; c < 3; c++)
        {
            var h = channelHistograms[c];
            long n = h.Sum();
            if (n == 0) throw new ArgumentException($"Channel {c} has no pixels.", nameof(channelHistograms));
            min[c] = Array.FindIndex(h, x => x > 0) / 255.0;
            max[c] = Array.FindLastIndex(h, x => x > 0) / 255.0;
            double sum = 0, sumSq = 0;
            for (var v = 0; v < 256; v++) { sum += h[v] * (v / 255.0); sumSq += h[v] * (v / 255.0) * (v / 255.0); }
            mean[c] = sum / n;
            std[c] = Math.Sqrt(Math.Max(0, sumSq / n - mean[c] * mean[c]));
            for (var k = 0; k < q.Length; k++) q[k][c] = DiscreteQuantile(h, n, FeatureStats.QuantileLevels[k]) / 255.0;
        }
        return new FeatureStats(min, max, mean, std, sampledFrames, q, IsImage: true);
    }

    private static double DiscreteQuantile(long[] histogram, long n, double level)
    {
        var target = level * n;
        long cumulative = 0;
        for (var v = 0; v < histogram.Length; v++)
        {
            cumulative += histogram[v];
            if (cumulative >= target) return v;
        }
        return histogram.Length - 1;
    }

    private static double[] HistogramQuantiles(double[] column, double min, double max)
    {
        var result = new double[FeatureStats.QuantileLevels.Length];
        if (max <= min) { Array.Fill(result, min); return result; }
        var counts = new long[Bins];
        var width = (max - min) / Bins;
        foreach (var v in column) counts[Math.Clamp((int)((v - min) / width), 0, Bins - 1)]++;
        for (var k = 0; k < result.Length; k++)
        {
            var target = FeatureStats.QuantileLevels[k] * column.Length;
            long cumulative = 0;
            for (var b = 0; b < Bins; b++)
            {
                if (cumulative + counts[b] >= target && counts[b] > 0)
                {
                    var fraction = (target - cumulative) / counts[b];
                    result[k] = min + (b + fraction) * width;
                    break;
                }
                cumulative += counts[b];
            }
        }
        return result;
    }

    private static void Round(double[] values)
    {
        for (var i = 0; i < values.Length; i++) values[i] = (float)values[i];
    }
}
