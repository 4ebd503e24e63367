namespace Fleet.Dataset.Journal;

/// <summary>
/// Identifies one recorded episode: the dataset it belongs to, the arm that recorded it and its
/// episode index inside the dataset. The journal stores it as the persistence id
/// <c>{Dataset}/{ArmId}/episode-{EpisodeIndex}</c>, e.g. <c>kitchen/arm-1/episode-17</c>.
/// </summary>
/// <remarks>
/// Episode indices are unique per dataset (LeRobot numbers episodes 0..N-1 across the whole dataset),
/// so two arms recording into one dataset must use different indices; the journal rejects a second
/// episode with the same dataset and index.
/// </remarks>
public sealed record EpisodeKey
{
    /// <summary>Creates a key after checking each part.</summary>
    /// <param name="dataset">Dataset name; non-empty, no <c>/</c>.</param>
    /// <param name="armId">Arm id (its HOCON <c>id</c>); non-empty, no <c>/</c>.</param>
    /// <param name="episodeIndex">Zero-based episode index inside the dataset.</param>
    /// <exception cref="ArgumentException">A name is empty or contains <c>/</c>, or the index is negative.</exception>
    public EpisodeKey(string dataset, string armId, long episodeIndex)
    {
        Dataset = CheckName(dataset, nameof(dataset));
        ArmId = CheckName(armId, nameof(armId));
        if (episodeIndex < 0)
        {
            throw new ArgumentException($"Episode index {episodeIndex} of arm '{armId}' is negative; episode indices start at 0.", nameof(episodeIndex));
        }

        EpisodeIndex = episodeIndex;
    }

    /// <summary>Dataset name.</summary>
    public string Dataset { get; }

    /// <summary>Arm that recorded the episode.</summary>
    public string ArmId { get; }

    /// <summary>Zero-based episode index inside the dataset.</summary>
    public long EpisodeIndex { get; }

    /// <summary>The journal's persistence id, <c>{Dataset}/{ArmId}/episode-{EpisodeIndex}</c>.</summary>
    public string PersistenceId => $"{Dataset}/{ArmId}/episode-{EpisodeIndex}";

    /// <inheritdoc />
    public override string ToString() => PersistenceId;

    private static string CheckName(string value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('/'))
        {
            throw new ArgumentException($"'{value}' is not a valid {parameter}: it must be non-empty and must not contain '/'.", parameter);
        }

        return value;
    }
}
