namespace Fleet.Actors.Arm;

/// <summary>
/// Per-arm control-tick figures: the period between tick starts, the jitter (how late each tick started
/// against its absolute deadline), and overruns (deadlines skipped because a tick ran long). Histograms are
/// fixed-size (<see cref="LatencyHistogram"/>), so percentiles cost nothing to keep. Not thread-safe: the
/// tick thread records, and publishes <see cref="Snapshot"/> values to readers.
/// </summary>
public sealed class TickMetrics
{
    private readonly LatencyHistogram _period = new();
    private readonly LatencyHistogram _jitter = new();
    private long _lastStart = long.MinValue;

    /// <summary>Creates metrics for a clock of <paramref name="clockFrequency"/> ticks per second.</summary>
    public TickMetrics(long clockFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockFrequency);
        ClockFrequency = clockFrequency;
    }

    /// <summary>Clock ticks per second.</summary>
    public long ClockFrequency { get; }

    /// <summary>Ticks started.</summary>
    public long Ticks { get; private set; }

    /// <summary>Deadlines skipped because a tick ran past them.</summary>
    public long Overruns { get; private set; }

    /// <summary>Records a tick due at <paramref name="deadline"/> that started at <paramref name="started"/>, after <paramref name="skipped"/> missed deadlines.</summary>
    public void RecordTick(long deadline, long started, long skipped = 0)
    {
        _jitter.Record(ToMicros(started - deadline));
        if (_lastStart != long.MinValue) _period.Record(ToMicros(started - _lastStart));
        _lastStart = started;
        Ticks++;
        Overruns += Math.Max(0, skipped);
    }

    /// <summary>The figures so far.</summary>
    public TickMetricsSnapshot Snapshot() => new(
        Ticks,
        Overruns,
        _period.Count == 0 ? TimeSpan.Zero : FromMicros(_period.SumMicros / (double)_period.Count),
        FromMicros(_period.Percentile(50)),
        FromMicros(_period.MaxMicros),
        FromMicros(_jitter.Percentile(50)),
        FromMicros(_jitter.Percentile(99)),
        FromMicros(_jitter.MaxMicros))
    {
        JitterHistogram = HistogramBuckets.From(_jitter, HistogramBuckets.JitterBounds),
    };

    private long ToMicros(long clockTicks) => (long)((Int128)clockTicks * 1_000_000 / ClockFrequency);

    private static TimeSpan FromMicros(double micros) => TimeSpan.FromTicks((long)(micros * 10));
}

/// <summary>Tick figures at one moment.</summary>
/// <param name="Ticks">Ticks started.</param>
/// <param name="Overruns">Deadlines skipped.</param>
/// <param name="PeriodMean">Mean time between tick starts.</param>
/// <param name="PeriodP50">Median time between tick starts.</param>
/// <param name="PeriodMax">Longest time between tick starts.</param>
/// <param name="JitterP50">Median lateness of a tick start against its deadline.</param>
/// <param name="JitterP99">99th percentile of that lateness.</param>
/// <param name="JitterMax">Worst lateness.</param>
public sealed record TickMetricsSnapshot(
    long Ticks,
    long Overruns,
    TimeSpan PeriodMean,
    TimeSpan PeriodP50,
    TimeSpan PeriodMax,
    TimeSpan JitterP50,
    TimeSpan JitterP99,
    TimeSpan JitterMax)
{
    /// <summary>The jitter histogram at <see cref="HistogramBuckets.JitterBounds"/>, or null when not measured.</summary>
    public HistogramBuckets? JitterHistogram { get; init; }
}
