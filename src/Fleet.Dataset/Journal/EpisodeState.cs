namespace Fleet.Dataset.Journal;

/// <summary>
/// Where an episode is in its life. Stored in the episode table as the lower-case name
/// (<c>recording</c>, <c>finished</c>, ...).
/// </summary>
/// <remarks>
/// Allowed transitions: <c>recording → finished | recovered | discarded</c>,
/// <c>finished | recovered → exported | discarded</c>. Beginning an episode whose key is
/// <see cref="Discarded"/> starts it over (re-recording).
/// </remarks>
public enum EpisodeState
{
    /// <summary>Frames are being journaled; left in this state by a crash.</summary>
    Recording,

    /// <summary>The recorder finished the episode; the journal holds every frame durably.</summary>
    Finished,

    /// <summary>Written into the dataset by the exporter.</summary>
    Exported,

    /// <summary>Interrupted by a crash and kept: its frames up to the last journaled tick are the episode.</summary>
    Recovered,

    /// <summary>Thrown away (interrupted and too short, or re-recorded by the operator); see the reason.</summary>
    Discarded,
}
