namespace Fleet.Actors.Arm;

/// <summary>
/// Settings of an arm's inference loop; binds the HOCON section <c>async-inference</c> of an arm.
/// </summary>
/// <param name="G">
/// Send threshold: an observation is sent when <c>queue size / chunk size &lt;= G</c>. Lower waits longer (near 0 is
/// sequential and starves while the policy runs); higher asks more often (near 1 is an observation per tick and
/// more policy load). The queue never starves when the policy latency stays below <c>(1 - G)·chunk / fps</c>.
/// </param>
/// <param name="MaxInFlight">Requests an arm may have outstanding at once; 1 is backpressure on the policy pool.</param>
/// <param name="Aggregation">How overlapping actions of successive chunks are blended; null means weighted_average.</param>
/// <param name="Deadline">
/// How long a request may stay unanswered before its slot is freed and the observation asked again. Shorter
/// recovers faster from a lost request; shorter than the policy's real latency makes every request time out.
/// </param>
/// <param name="Mode">Asynchronous (default) or the synchronous baseline.</param>
public sealed record AsyncInferenceOptions(
    double G = 0.5,
    int MaxInFlight = 1,
    ChunkAggregation? Aggregation = null,
    TimeSpan? Deadline = null,
    InferenceMode Mode = InferenceMode.Asynchronous)
{
    /// <summary>The deadline used when none is configured.</summary>
    public static TimeSpan DefaultDeadline { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The aggregation in effect.</summary>
    public ChunkAggregation EffectiveAggregation => Aggregation ?? ChunkAggregation.WeightedAverage;

    /// <summary>The deadline in effect.</summary>
    public TimeSpan EffectiveDeadline => Deadline ?? DefaultDeadline;

    /// <summary>Checks every value and returns this record.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key and the accepted range.</exception>
    public AsyncInferenceOptions Validate()
    {
        if (!(G >= 0 && G <= 1))
            throw new ArgumentException($"async-inference.g = {G} is out of range: it is a fraction of the chunk in [0, 1] (0.5 is a good start).");
        if (MaxInFlight < 1)
            throw new ArgumentException($"async-inference.max-in-flight = {MaxInFlight} must be at least 1.");
        if (EffectiveDeadline <= TimeSpan.Zero)
            throw new ArgumentException($"async-inference.deadline = {EffectiveDeadline} must be positive (e.g. 2s).");
        return this;
    }
}
