namespace Fleet.Dataset.Export;

/// <summary>
/// File rolling limits of a dataset, LeRobot's defaults unless changed (they go into info.json). Binds the
/// HOCON section <c>fleet.dataset.writer</c>.
/// </summary>
/// <param name="ChunksSize">Files per chunk folder (info <c>chunks_size</c>).</param>
/// <param name="DataFileSizeMb">A data or episodes Parquet file is closed before it would reach this many MiB.</param>
/// <param name="VideoFileSizeMb">A video file is closed before it would reach this many MiB.</param>
public sealed record DatasetWriterOptions(int ChunksSize = 1000, int DataFileSizeMb = 100, int VideoFileSizeMb = 200)
{
    /// <summary>LeRobot's defaults: 1000 files per chunk, 100 MiB data files, 200 MiB video files.</summary>
    public static DatasetWriterOptions Default { get; } = new();
}
