namespace Fleet.Dataset.Journal;

/// <summary>
/// An episode found in <see cref="EpisodeState.Recording"/> when the journal was opened: the recorder
/// crashed or was killed before finishing it.
/// </summary>
/// <param name="Episode">The episode row as the crash left it.</param>
/// <param name="Frames">
/// The frames that can be kept: frame 0 onward up to the last journaled tick, stopping early at the
/// first missing or undecodable frame (see <paramref name="StoppedBecause"/>).
/// </param>
/// <param name="StoppedBecause">Why <paramref name="Frames"/> stops before the last journaled row; null when every row was usable.</param>
public sealed record InterruptedEpisode(EpisodeInfo Episode, IReadOnlyList<FrameRecord> Frames, string? StoppedBecause);
