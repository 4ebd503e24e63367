namespace Fleet.Cluster.Membership;

/// <summary>
/// Parameters of <see cref="PhiAccrualFailureDetector"/>; binds HOCON <c>fleet.cluster.failure-detector</c>. Defaults are
/// Akka.Cluster's (research/akka_pbm_anchors.md §2.3).
/// </summary>
/// <param name="Threshold">
/// Suspicion level φ at which a member is declared unavailable. φ = 8 means the chance that the silence so far is normal
/// is about 10⁻⁸. Lower detects a crash sooner but a GC pause or a busy broker triggers false alarms; higher is the reverse.
/// </param>
/// <param name="MaxSampleSize">How many heartbeat intervals are remembered for the mean and spread. More adapts slower to change but is steadier.</param>
/// <param name="MinStdDeviation">
/// Floor of the standard deviation. Heartbeats on a quiet LAN arrive so regularly that the measured spread is tiny, which
/// would make a few milliseconds of delay look like a failure; the floor keeps φ sane.
/// </param>
/// <param name="AcceptableHeartbeatPause">
/// Silence tolerated on top of the usual interval before suspicion rises (added to the mean). Covers GC pauses and
/// broker hiccups; it is most of the detection time: with a 1 s interval and 3 s pause a crash is detected in ~4–5 s.
/// </param>
/// <param name="FirstHeartbeatEstimate">Assumed interval before real samples exist (the history starts with this mean and a quarter of it as deviation).</param>
public sealed record PhiAccrualFailureDetectorOptions(
    double Threshold = 8.0,
    int MaxSampleSize = 1000,
    TimeSpan? MinStdDeviation = null,
    TimeSpan? AcceptableHeartbeatPause = null,
    TimeSpan? FirstHeartbeatEstimate = null)
{
    /// <summary>Akka.Cluster's defaults: threshold 8, 1000 samples, 100 ms min deviation, 3 s acceptable pause, 1 s first estimate.</summary>
    public static PhiAccrualFailureDetectorOptions Default { get; } = new();

    internal double MinStdDeviationMs => (MinStdDeviation ?? TimeSpan.FromMilliseconds(100)).TotalMilliseconds;
    internal double AcceptablePauseMs => (AcceptableHeartbeatPause ?? TimeSpan.FromSeconds(3)).TotalMilliseconds;
    internal double FirstEstimateMs => (FirstHeartbeatEstimate ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
}
