using Fleet.Dataset.Parquet.Reading;

namespace Fleet.Dataset.Verify;

public sealed partial class DatasetVerifier
{
    private static readonly string[] EpisodeColumns =
        ["episode_index", "tasks", "length", "data/chunk_index", "data/file_index", "dataset_from_index", "dataset_to_index"];

    /// <summary>Parquet files under <paramref name="folder"/> in the order LeRobot's reader concatenates them (sorted paths).</summary>
    private List<string> ParquetFiles(string folder)
    {
        var dir = Path.Combine(_root, folder);
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateDirectories(dir).SelectMany(d => Directory.EnumerateFiles(d, "*.parquet"))
            .Order(StringComparer.Ordinal).ToList();
    }

    private async Task CheckEpisodesAsync(CancellationToken ct)
    {
        var files = ParquetFiles(Path.Combine("meta", "episodes"));
        if (files.Count == 0) { Error("meta/episodes", "no episodes metadata files (meta/episodes/chunk-*/file-*.parquet)."); return; }
        var rows = new List<EpisodeRow>();
        foreach (var file in files)
        {
            try
            {
                rows.AddRange(await ReadEpisodesAsync(file, ct).ConfigureAwait(false));
            }
            catch (Exception e) when (e is InvalidDataException or KeyNotFoundException or NotSupportedException)
            {
                Error(Rel(file), e.Message);
            }
        }
        _episodes = rows;
        long expectedFrom = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.Index != i) Error(r.Where, $"episode_index is {r.Index}; row {i} of the concatenated episodes must be episode {i} (gap or wrong order).");
            if (r.From != expectedFrom) Error(r.Where, $"dataset_from_index is {r.From}; the previous episode ends at {expectedFrom} (frames missing or overlapping).");
            if (r.To - r.From != r.Length) Error(r.Where, $"length is {r.Length} but dataset_to_index - dataset_from_index is {r.To - r.From}.");
            if (r.Length < 1) Error(r.Where, "length must be at least 1.");
            expectedFrom = r.To;
        }
        if (rows.Count != InfoLong("total_episodes")) Error("meta/info.json", $"total_episodes is {InfoLong("total_episodes")}; the episodes metadata holds {rows.Count}.");
        if (expectedFrom != InfoLong("total_frames")) Error("meta/info.json", $"total_frames is {InfoLong("total_frames")}; the episodes add up to {expectedFrom}.");
        _checked.Add($"episodes: {rows.Count} in {files.Count} file(s), {expectedFrom} frames");
    }

    private async Task<List<EpisodeRow>> ReadEpisodesAsync(string file, CancellationToken ct)
    {
        var reader = await ParquetFileReader.OpenAsync(file, ct).ConfigureAwait(false);
        foreach (var column in EpisodeColumns)
            if (!reader.ColumnNames.Contains(column)) throw new InvalidDataException($"required column '{column}' is missing.");
        var index = reader.ReadInt64("episode_index");
        var length = reader.ReadInt64("length");
        var chunk = reader.ReadInt64("data/chunk_index");
        var dataFile = reader.ReadInt64("data/file_index");
        var from = reader.ReadInt64("dataset_from_index");
        var to = reader.ReadInt64("dataset_to_index");
        var videos = new Dictionary<string, (long[] C, long[] F, double[] From, double[] To)>();
        foreach (var key in VideoKeys)
        {
            var prefix = $"videos/{key}/";
            if (!reader.ColumnNames.Contains(prefix + "chunk_index"))
            {
                Error(Rel(file), $"columns '{prefix}chunk_index/file_index/from_timestamp/to_timestamp' are missing for video feature '{key}'.");
                continue;
            }
            videos[key] = (reader.ReadInt64(prefix + "chunk_index"), reader.ReadInt64(prefix + "file_index"),
                reader.ReadDouble(prefix + "from_timestamp"), reader.ReadDouble(prefix + "to_timestamp"));
        }
        var rows = new List<EpisodeRow>();
        for (var i = 0; i < index.Length; i++)
        {
            var v = videos.ToDictionary(kv => kv.Key, kv => (kv.Value.C[i], kv.Value.F[i], kv.Value.From[i], kv.Value.To[i]));
            rows.Add(new EpisodeRow(index[i], length[i], chunk[i], dataFile[i], from[i], to[i], v, $"{Rel(file)} episode {index[i]}"));
        }
        return rows;
    }
}
