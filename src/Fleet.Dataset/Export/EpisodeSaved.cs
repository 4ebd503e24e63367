namespace Fleet.Dataset.Export;

/// <summary>What <see cref="DatasetWriter.SaveEpisodeAsync"/> wrote.</summary>
/// <param name="EpisodeIndex">The episode's index in the dataset.</param>
/// <param name="Length">Frames in the episode.</param>
/// <param name="DatasetFromIndex">Global index of its first frame.</param>
/// <param name="DataFile">Data file it went into, relative to the root.</param>
/// <param name="FilledFrames">Camera frames filled by repeating the previous one, all cameras together.</param>
/// <param name="DroppedFrames">Camera frames dropped by the encoders, all cameras together.</param>
public sealed record EpisodeSaved(int EpisodeIndex, int Length, long DatasetFromIndex, string DataFile, long FilledFrames, long DroppedFrames);
