namespace Fleet.Cluster.Membership;

/// <summary>
/// The φ-accrual failure detector (Hayashibara et al., 2004), as Akka.Cluster uses it. Instead of a yes/no timeout it
/// keeps the distribution of heartbeat intervals (mean, deviation over the last <see cref="PhiAccrualFailureDetectorOptions.MaxSampleSize"/>)
/// and turns the current silence into a suspicion level φ = −log10(P(an interval this long or longer)): the longer
/// the silence compared with what this member usually does, the higher φ. Above
/// <see cref="PhiAccrualFailureDetectorOptions.Threshold"/> the member is unavailable. The normal distribution's tail
/// is computed with a logistic approximation (error below 10⁻⁴), as is usual for this detector.
/// </summary>
public sealed class PhiAccrualFailureDetector : FailureDetector
{
    private readonly PhiAccrualFailureDetectorOptions _options;
    private readonly Queue<double> _intervals = new();
    private double _sum, _squaredSum;
    private long? _lastTimestamp;

    /// <summary>Creates a detector; <paramref name="clock"/> defaults to the system clock.</summary>
    public PhiAccrualFailureDetector(PhiAccrualFailureDetectorOptions? options = null, TimeProvider? clock = null)
        : base(clock ?? TimeProvider.System)
    {
        _options = options ?? PhiAccrualFailureDetectorOptions.Default;
        if (_options.Threshold <= 0) throw new ArgumentOutOfRangeException(nameof(options), _options.Threshold, "failure-detector.threshold must be positive.");
        if (_options.MaxSampleSize < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.MaxSampleSize, "failure-detector.max-sample-size must be at least 1.");
        // Seed the history so the first real silence is judged against a plausible interval, not against nothing.
        var mean = _options.FirstEstimateMs;
        var deviation = mean / 4;
        Add(mean - deviation);
        Add(mean + deviation);
    }

    /// <inheritdoc />
    public override bool IsMonitoring => _lastTimestamp is not null;

    /// <inheritdoc />
    public override bool IsAvailable => Phi < _options.Threshold;

    /// <summary>Current suspicion level; 0 before the first heartbeat.</summary>
    public double Phi => _lastTimestamp is { } last ? PhiOf(MillisecondsSince(last)) : 0.0;

    /// <summary>Mean heartbeat interval seen so far, in milliseconds.</summary>
    public double MeanIntervalMs => _sum / _intervals.Count;

    /// <inheritdoc />
    public override void HeartBeat()
    {
        var now = Clock.GetTimestamp();
        if (_lastTimestamp is { } last)
        {
            var interval = Clock.GetElapsedTime(last, now).TotalMilliseconds;
            // An interval far beyond the acceptable pause is an outage we already reported, not a sample of normal rhythm.
            if (PhiOf(interval) < _options.Threshold) Add(interval);
        }
        _lastTimestamp = now;
    }

    /// <summary>φ for a silence of <paramref name="elapsedMs"/> milliseconds given the history.</summary>
    internal double PhiOf(double elapsedMs)
    {
        var mean = MeanIntervalMs + _options.AcceptablePauseMs;
        var variance = _squaredSum / _intervals.Count - MeanIntervalMs * MeanIntervalMs;
        var deviation = Math.Max(Math.Sqrt(Math.Max(variance, 0)), _options.MinStdDeviationMs);
        var y = (elapsedMs - mean) / deviation;
        // Logistic approximation of the normal CDF: P(X > elapsed) ≈ 1 / (1 + exp(1.5976 y + 0.070566 y³)).
        var tail = 1.0 / (1.0 + Math.Exp(y * (1.5976 + 0.070566 * y * y)));
        return Math.Max(0.0, -Math.Log10(Math.Max(tail, double.Epsilon)));
    }

    private void Add(double intervalMs)
    {
        if (_intervals.Count >= _options.MaxSampleSize)
        {
            var dropped = _intervals.Dequeue();
            _sum -= dropped;
            _squaredSum -= dropped * dropped;
        }
        _intervals.Enqueue(intervalMs);
        _sum += intervalMs;
        _squaredSum += intervalMs * intervalMs;
    }
}
