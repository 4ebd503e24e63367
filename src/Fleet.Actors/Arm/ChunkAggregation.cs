namespace Fleet.Actors.Arm;

/// <summary>
/// How an arriving chunk's action is blended with an action already queued for the same timestep:
/// <c>result = (1 - NewWeight)·old + NewWeight·new</c>, per joint. The named kinds are LeRobot's
/// (<c>AGGREGATE_FUNCTIONS</c>): <c>weighted_average</c> 0.3 old / 0.7 new, <c>latest_only</c> new,
/// <c>average</c> 0.5 / 0.5, <c>conservative</c> 0.7 old / 0.3 new. A configured weight gives any other blend.
/// <para>
/// <c>temporal_ensemble:M</c> is ACT's temporal ensembling instead: each timestep keeps the weighted mean of every
/// prediction made for it, in arrival order with weights <c>exp(−M·i)</c> (the oldest weighs 1), so the blend depends
/// on how many predictions are already merged (<see cref="Blend(ReadOnlySpan{float}, int, ReadOnlySpan{float}, Span{float})"/>).
/// </para>
/// </summary>
/// <param name="Name">The configuration name (<c>weighted_average</c>, … or <c>weight:0.6</c>).</param>
/// <param name="NewWeight">Weight of the newer action, in [0, 1]; 1 keeps only the new action, 0 only the old one.</param>
public sealed record ChunkAggregation(string Name, float NewWeight)
{
    /// <summary>0.3·old + 0.7·new (LeRobot's default).</summary>
    public static ChunkAggregation WeightedAverage { get; } = new("weighted_average", 0.7f);

    /// <summary>The newer action replaces the queued one.</summary>
    public static ChunkAggregation LatestOnly { get; } = new("latest_only", 1.0f);

    /// <summary>0.5·old + 0.5·new.</summary>
    public static ChunkAggregation Average { get; } = new("average", 0.5f);

    /// <summary>0.7·old + 0.3·new: the queued plan dominates, so new chunks bend the motion slowly.</summary>
    public static ChunkAggregation Conservative { get; } = new("conservative", 0.3f);

    /// <summary>
    /// ACT's temporal ensembling coefficient M when this is <see cref="TemporalEnsemble"/>, otherwise null
    /// (<see cref="NewWeight"/> is then unused).
    /// </summary>
    public double? EnsembleCoefficient { get; init; }

    /// <summary>
    /// ACT's temporal ensembling with coefficient <paramref name="coefficient"/> (LeRobot's
    /// <c>temporal_ensemble_coeff</c>; the ACT paper uses 0.01). M &gt; 0 favours older predictions, 0 is a plain mean.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="coefficient"/> is not a finite number.</exception>
    public static ChunkAggregation TemporalEnsemble(double coefficient)
    {
        if (!double.IsFinite(coefficient))
            throw new ArgumentOutOfRangeException(nameof(coefficient), coefficient,
                $"A temporal ensembling coefficient must be a finite number (0.01 in the ACT paper); got {coefficient}.");
        return new ChunkAggregation(FormattableString.Invariant($"temporal_ensemble:{coefficient}"), 0f) { EnsembleCoefficient = coefficient };
    }

    /// <summary>The names <see cref="Parse"/> accepts, besides <c>weight:W</c>.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = ["weighted_average", "latest_only", "average", "conservative"];

    /// <summary>An aggregation with a configured weight for the newer action.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newWeight"/> is outside [0, 1] or not a number.</exception>
    public static ChunkAggregation Weighted(float newWeight)
    {
        if (!(newWeight >= 0f && newWeight <= 1f))
            throw new ArgumentOutOfRangeException(nameof(newWeight), newWeight,
                $"An aggregation weight is the share of the newer action and must lie in [0, 1]; got {newWeight}.");
        return new ChunkAggregation(FormattableString.Invariant($"weight:{newWeight}"), newWeight);
    }

    /// <summary>
    /// Reads a configuration value: one of <see cref="KnownNames"/>, <c>weight:W</c> with W in [0, 1], or
    /// <c>temporal_ensemble:M</c> (<c>temporal_ensemble</c> alone means M = 0.01).
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the accepted forms.</exception>
    public static ChunkAggregation Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.Trim())
        {
            case "weighted_average": return WeightedAverage;
            case "latest_only": return LatestOnly;
            case "average": return Average;
            case "conservative": return Conservative;
        }
        const string ensemble = "temporal_ensemble";
        var trimmed = name.Trim();
        if (trimmed == ensemble) return TemporalEnsemble(0.01);
        if (trimmed.StartsWith(ensemble + ":", StringComparison.Ordinal)
            && double.TryParse(trimmed.AsSpan(ensemble.Length + 1), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var m) && double.IsFinite(m))
            return TemporalEnsemble(m);
        const string prefix = "weight:";
        if (name.StartsWith(prefix, StringComparison.Ordinal)
            && float.TryParse(name.AsSpan(prefix.Length), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var w)
            && w >= 0f && w <= 1f)
            return Weighted(w);
        throw new ArgumentException(
            $"Unknown chunk aggregation '{name}'. Use one of {string.Join(", ", KnownNames)}, 'weight:W' with W in [0, 1] " +
            "(the share of the newer action), or 'temporal_ensemble:M' (ACT's temporal ensembling, M = 0.01 in the paper).", nameof(name));
    }

    /// <summary>Writes the blend of <paramref name="older"/> and <paramref name="newer"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The three spans differ in length.</exception>
    public void Blend(ReadOnlySpan<float> older, ReadOnlySpan<float> newer, Span<float> destination)
    {
        if (older.Length != newer.Length || destination.Length != newer.Length)
            throw new ArgumentException(
                $"Cannot blend actions of {older.Length} and {newer.Length} values into {destination.Length}; all must match.");
        float oldWeight = 1f - NewWeight;
        for (int i = 0; i < newer.Length; i++)
            destination[i] = oldWeight * older[i] + NewWeight * newer[i];
    }

    /// <summary>
    /// Blends a newer prediction into a queued action that already averages <paramref name="olderCount"/> predictions
    /// (at least 1). For <see cref="TemporalEnsemble"/> the result is the running weighted mean
    /// <c>(older·W[n−1] + newer·w[n]) / W[n]</c> with <c>w[i] = exp(−M·i)</c>, <c>W[n] = w[0] + … + w[n]</c>, n = olderCount;
    /// every other kind ignores the count.
    /// </summary>
    /// <exception cref="ArgumentException">The three spans differ in length.</exception>
    public void Blend(ReadOnlySpan<float> older, int olderCount, ReadOnlySpan<float> newer, Span<float> destination)
    {
        if (EnsembleCoefficient is not { } m)
        {
            Blend(older, newer, destination);
            return;
        }
        if (older.Length != newer.Length || destination.Length != newer.Length)
            throw new ArgumentException(
                $"Cannot blend actions of {older.Length} and {newer.Length} values into {destination.Length}; all must match.");
        int n = Math.Max(1, olderCount);
        double before = 0;
        for (int i = 0; i < n; i++) before += Math.Exp(-m * i);
        double weight = Math.Exp(-m * n), total = before + weight;
        for (int i = 0; i < newer.Length; i++)
            destination[i] = (float)((older[i] * before + newer[i] * weight) / total);
    }
}
