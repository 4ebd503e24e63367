using Fleet.Dataset.Parquet;

namespace Fleet.Dataset.Meta;

/// <summary>
/// The episodes metadata Parquet (research §4), one row per episode, columns in LeRobot's insertion order:
/// episode_index, tasks, length, data/chunk_index, data/file_index, dataset_from_index, dataset_to_index,
/// per camera videos/&lt;key&gt;/{chunk_index, file_index, from_timestamp, to_timestamp}, then
/// stats/&lt;feature&gt;/&lt;stat&gt; for every feature and stat, then meta/episodes/{chunk_index, file_index}.
/// </summary>
public static class EpisodesFileSchema
{
    /// <summary>Stats feature order (non-streaming mode): info.json order including the cameras.</summary>
    public static IReadOnlyList<string> StatsFeatures(DatasetSpec spec) =>
        new[] { "action", "observation.state" }.Concat(spec.Cameras.Select(c => c.Key)).Concat(InfoJson.DefaultFeatures.Select(f => f.Key)).ToList();

    /// <summary>The columns for <paramref name="spec"/>.</summary>
    public static IReadOnlyList<ParquetColumn> Columns(DatasetSpec spec)
    {
        var columns = new List<ParquetColumn>
        {
            Int("episode_index"), ParquetColumn.List("tasks", LeafType.String), Int("length"),
            Int("data/chunk_index"), Int("data/file_index"), Int("dataset_from_index"), Int("dataset_to_index"),
        };
        foreach (var c in spec.Cameras)
        {
            columns.Add(Int($"videos/{c.Key}/chunk_index"));
            columns.Add(Int($"videos/{c.Key}/file_index"));
            columns.Add(ParquetColumn.Scalar($"videos/{c.Key}/from_timestamp", LeafType.Double));
            columns.Add(ParquetColumn.Scalar($"videos/{c.Key}/to_timestamp", LeafType.Double));
        }
        var cameraKeys = spec.Cameras.Select(c => c.Key).ToHashSet();
        foreach (var feature in StatsFeatures(spec))
        {
            var depth = cameraKeys.Contains(feature) ? 3 : 1;
            foreach (var stat in FeatureStats.Keys)
                columns.Add(stat == "count"
                    ? ParquetColumn.List($"stats/{feature}/count", LeafType.Int64)
                    : ParquetColumn.List($"stats/{feature}/{stat}", LeafType.Double, depth));
        }
        columns.Add(Int("meta/episodes/chunk_index"));
        columns.Add(Int("meta/episodes/file_index"));
        return columns;
    }

    private static ParquetColumn Int(string name) => ParquetColumn.Scalar(name, LeafType.Int64);

    /// <summary>Appends a stats value to its column buffer in the on-disk shape ((3,1,1) for images).</summary>
    internal static void AddStat(ColumnBuffer buffer, FeatureStats stats, string stat)
    {
        if (stat == "count") { buffer.AddRow(new[] { stats.Count }); return; }
        var values = stats.Values(stat);
        if (stats.IsImage) buffer.AddRow(values.Select(v => new[] { new[] { v } }).ToArray());
        else buffer.AddRow(values.ToArray());
    }
}
