namespace Fleet.Dataset.Journal;

/// <summary>One row of the episode table: what the journal knows about an episode.</summary>
/// <param name="Key">Dataset, arm and episode index.</param>
/// <param name="Task">Task text given at <see cref="IJournal.BeginEpisodeAsync"/>.</param>
/// <param name="Fps">Recording rate in frames per second.</param>
/// <param name="State">Current lifecycle state.</param>
/// <param name="StartedAt">When the episode began (UTC, microsecond precision).</param>
/// <param name="FinishedAt">When it left <see cref="EpisodeState.Recording"/>; null while recording.</param>
/// <param name="FrameCount">Frames journaled (for a recovered episode: frames kept).</param>
/// <param name="LastSequenceNr">Sequence number of the last journaled frame (frame index + 1); 0 when none.</param>
/// <param name="Reason">Why it was recovered, discarded or finished early; null otherwise.</param>
public sealed record EpisodeInfo(
    EpisodeKey Key,
    string Task,
    int Fps,
    EpisodeState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long FrameCount,
    long LastSequenceNr,
    string? Reason);
