using System.Text.Json.Nodes;
using Fleet.Dataset.Parquet.Reading;

namespace Fleet.Dataset.Verify;

public sealed partial class DatasetVerifier
{
    private const int MaxFindingsPerFile = 5;

    private async Task CheckDataAsync(long totalTasks, CancellationToken ct)
    {
        var files = ParquetFiles("data");
        var byEpisode = _episodes.ToDictionary(e => e.Index);
        var expectedFiles = _episodes.Select(e => DataPath(e.DataChunk, e.DataFile)).Distinct().ToList();
        foreach (var missing in expectedFiles.Where(p => !File.Exists(Path.Combine(_root, p))))
            Error(missing, $"missing; episodes {string.Join(", ", _episodes.Where(e => DataPath(e.DataChunk, e.DataFile) == missing).Select(e => e.Index))} point to it.");
        if (files.Count == 0) { Error("data", "no data files (data/chunk-*/file-*.parquet)."); return; }
        long nextIndex = 0, rows = 0;
        var seen = new Dictionary<long, long>();
        foreach (var file in files)
        {
            try
            {
                var reader = await ParquetFileReader.OpenAsync(file, ct).ConfigureAwait(false);
                CheckDataSchema(reader);
                nextIndex = CheckDataRows(reader, nextIndex, totalTasks, byEpisode, seen);
                rows += reader.RowCount;
            }
            catch (Exception e) when (e is InvalidDataException or KeyNotFoundException or NotSupportedException)
            {
                Error(Rel(file), e.Message);
            }
        }
        foreach (var episode in _episodes)
        {
            var count = seen.GetValueOrDefault(episode.Index);
            if (count != episode.Length) Error($"episode {episode.Index}", $"has {count} frames in the data files; its metadata says length {episode.Length}.");
        }
        if (rows != InfoLong("total_frames")) Error("data", $"holds {rows} frames; info.json total_frames says {InfoLong("total_frames")}.");
        _checked.Add($"data: {rows} frames in {files.Count} file(s)");
    }

    private static string DataPath(long chunk, long file) => $"data/chunk-{chunk:000}/file-{file:000}.parquet";

    private void CheckDataSchema(ParquetFileReader reader)
    {
        foreach (var (key, feature) in _features)
        {
            var dtype = feature?["dtype"]?.GetValue<string>();
            if (dtype is "video") continue;
            if (!reader.ColumnNames.Contains(key)) { Error(Rel(reader.Path), $"column '{key}' of feature dtype {dtype} is missing."); continue; }
            var leaf = reader.Leaves.First(l => l.TopLevelName == key);
            var shape = (feature?["shape"] as JsonArray)?.Select(s => s!.GetValue<int>()).ToArray() ?? [];
            var expectedType = dtype switch
            {
                "float32" => "FLOAT", "float64" => "DOUBLE", "int64" => "INT64", "int32" => "INT32", "bool" => "BOOLEAN", _ => leaf.PhysicalType,
            };
            if (dtype != "image" && leaf.PhysicalType != expectedType)
                Error(Rel(reader.Path), $"column '{key}' is stored as {leaf.PhysicalType}; feature dtype {dtype} needs {expectedType}.");
            var vector = shape.Length == 1 && shape[0] > 1 || shape.Length > 1;
            if (dtype != "image" && vector != (leaf.MaxRepetitionLevel > 0))
                Error(Rel(reader.Path), $"column '{key}' is {(leaf.MaxRepetitionLevel > 0 ? "a list" : "a scalar")}; feature shape [{string.Join(", ", shape)}] needs {(vector ? "a list" : "a scalar")}.");
            else if (shape.Length == 1 && shape[0] > 1 && leaf.MaxRepetitionLevel == 1) CheckVectorLengths(reader, key, shape[0]);
        }
    }

    private void CheckVectorLengths(ParquetFileReader reader, string key, int length)
    {
        var rows = reader.ReadRows(key);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is List<object?> list && list.Count == length && list.All(v => v is not null)) continue;
            var actual = rows[r] is List<object?> l ? $"{l.Count} values" : "null";
            Error(Rel(reader.Path), $"row {r}: '{key}' has {actual}; feature shape is [{length}].");
            return;
        }
    }

    private long CheckDataRows(ParquetFileReader reader, long nextIndex, long totalTasks, Dictionary<long, EpisodeRow> episodes, Dictionary<long, long> seen)
    {
        var where = Rel(reader.Path);
        var index = reader.ReadInt64("index");
        var episode = reader.ReadInt64("episode_index");
        var frame = reader.ReadInt64("frame_index");
        var timestamp = reader.ReadDouble("timestamp");
        var task = reader.ReadInt64("task_index");
        var problems = 0;
        void Report(string message) { if (problems++ < MaxFindingsPerFile) Error(where, message); }
        for (var r = 0; r < index.Length; r++)
        {
            if (index[r] != nextIndex) Report($"row {r}: index is {index[r]}, expected {nextIndex} (the global index must run 0..total_frames-1 without gaps across sorted data files).");
            nextIndex = index[r] + 1;
            seen[episode[r]] = seen.GetValueOrDefault(episode[r]) + 1;
            if (!episodes.TryGetValue(episode[r], out var e)) { Report($"row {r}: episode_index {episode[r]} has no row in meta/episodes."); continue; }
            if (frame[r] != index[r] - e.From) Report($"row {r}: frame_index is {frame[r]}; episode {e.Index} starts at index {e.From}, so index {index[r]} is frame {index[r] - e.From}.");
            var expected = frame[r] / (double)_fps;
            if (Math.Abs(timestamp[r] - expected) > ToleranceSeconds)
                Report($"row {r}: timestamp is {timestamp[r]:0.######} s but frame_index {frame[r]} / fps {_fps} = {expected:0.######} s (tolerance {ToleranceSeconds} s).");
            if (task[r] < 0 || (totalTasks >= 0 && task[r] >= totalTasks)) Report($"row {r}: task_index {task[r]} is outside 0..{totalTasks - 1}.");
            if (DataPath(e.DataChunk, e.DataFile) != where) Report($"row {r}: episode {e.Index} lies here but meta/episodes says {DataPath(e.DataChunk, e.DataFile)}.");
        }
        if (problems > MaxFindingsPerFile) Error(where, $"{problems - MaxFindingsPerFile} more row problems not listed.");
        return nextIndex;
    }
}
