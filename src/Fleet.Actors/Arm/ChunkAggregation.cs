namespace Fleet.Actors.Arm;

/// <summary>
/// How an arriving chunk's action is blended with an action already queued for the same timestep:
/// <c>result = (1 - NewWeight)·old + NewWeight·new</c>, per joint. The named kinds are LeRobot's
/// (<c>AGGREGATE_FUNCTIONS</c>): <c>weighted_average</c> 0.3 old / 0.7 new, <c>latest_only</c> new,
/// <c>average</c> 0.5 / 0.5, <c>conservative</c> 0.7 old / 0.3 new. A configured weight gives any other blend.
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
    /// Reads a configuration value: one of <see cref="KnownNames"/> or <c>weight:W</c> with W in [0, 1].
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
        const string prefix = "weight:";
        if (name.StartsWith(prefix, StringComparison.Ordinal)
            && float.TryParse(name.AsSpan(prefix.Length), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var w)
            && w >= 0f && w <= 1f)
            return Weighted(w);
        throw new ArgumentException(
            $"Unknown chunk aggregation '{name}'. Use one of {string.Join(", ", KnownNames)}, or 'weight:W' with W in [0, 1] " +
            "(the share of the newer action).", nameof(name));
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
}
