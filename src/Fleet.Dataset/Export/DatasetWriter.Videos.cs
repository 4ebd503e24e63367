using Fleet.Dataset.Meta;
using Fleet.Dataset.Parquet;
using Fleet.Dataset.Video;

namespace Fleet.Dataset.Export;

public sealed partial class DatasetWriter
{
    private sealed record PlacedVideo(ChunkFile Position, double From, double To);

    private async Task<Dictionary<string, PlacedVideo>> PlaceVideosAsync(EpisodeBuffer episode, CancellationToken ct)
    {
        var placed = new Dictionary<string, PlacedVideo>();
        foreach (var camera in Spec.Cameras)
        {
            var segment = episode.Videos[camera.Name];
            if (_features[camera.Key]?["info"] is System.Text.Json.Nodes.JsonObject info && !info.ContainsKey("video.height"))
            {
                // Like LeRobot, the video info comes from the first episode's file.
                var probe = await VideoProbe.ReadAsync(segment.Path, ct).ConfigureAwait(false);
                _features[camera.Key]!["info"] = InfoJson.CameraInfo(probe, Spec.Video);
            }
            var file = _cameraFiles[camera.Key];
            var target = VideoPath(camera.Key, file.Position);
            var segmentSize = new FileInfo(segment.Path).Length;
            if (file.Exists && (new FileInfo(target).Length + segmentSize) / Mb >= Options.VideoFileSizeMb)
            {
                file.Position = file.Position.Next(Options.ChunksSize);
                file.Exists = false;
                file.EndTimestamp = 0;
                target = VideoPath(camera.Key, file.Position);
            }
            await VideoFileAppender.AppendAsync(target, file.EndTimestamp, segment.Path, episode.Length / (double)Spec.Fps, ct).ConfigureAwait(false);
            File.Delete(segment.Path);
            var from = file.EndTimestamp;
            var to = from + episode.Length / (double)Spec.Fps;
            file.Exists = true;
            file.EndTimestamp = to;
            placed[camera.Key] = new PlacedVideo(file.Position, from, to);
        }
        return placed;
    }

    private string VideoPath(string key, ChunkFile position) => Path.Combine(Root, "videos", key, position.RelativePath(".mp4"));

    private async Task WriteEpisodeRowAsync(EpisodeBuffer episode, int index, long from, ChunkFile dataFile,
        Dictionary<string, PlacedVideo> videos, Dictionary<string, FeatureStats> stats, CancellationToken ct)
    {
        if (_episodes is not null)
        {
            // LeRobot's rule, including its quirk of averaging over the latest episode index rather than the rows in the file.
            var size = _episodes.FileLength / Mb;
            if (size + size / Math.Max(1, index) >= Options.DataFileSizeMb)
            {
                await _episodes.DisposeAsync().ConfigureAwait(false);
                _episodes = null;
                _episodesPosition = _episodesPosition.Next(Options.ChunksSize);
            }
        }
        var columns = EpisodesFileSchema.Columns(Spec);
        if (_episodes is null)
        {
            var path = Path.Combine(Root, "meta", "episodes", _episodesPosition.RelativePath(".parquet"));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _episodes = await ParquetFileWriter.CreateAsync(path, columns, [], ct).ConfigureAwait(false);
        }
        var row = columns.ToDictionary(c => c.Name, c => new ColumnBuffer(c));
        row["episode_index"].Add((long)index);
        row["tasks"].AddRow(episode.Tasks.Distinct(StringComparer.Ordinal).ToArray());
        row["length"].Add((long)episode.Length);
        row["data/chunk_index"].Add((long)dataFile.Chunk);
        row["data/file_index"].Add((long)dataFile.File);
        row["dataset_from_index"].Add(from);
        row["dataset_to_index"].Add(from + episode.Length);
        foreach (var (key, v) in videos)
        {
            row[$"videos/{key}/chunk_index"].Add((long)v.Position.Chunk);
            row[$"videos/{key}/file_index"].Add((long)v.Position.File);
            row[$"videos/{key}/from_timestamp"].Add(v.From);
            row[$"videos/{key}/to_timestamp"].Add(v.To);
        }
        foreach (var (feature, s) in stats)
            foreach (var stat in FeatureStats.Keys)
                EpisodesFileSchema.AddStat(row[$"stats/{feature}/{stat}"], s, stat);
        row["meta/episodes/chunk_index"].Add((long)_episodesPosition.Chunk);
        row["meta/episodes/file_index"].Add((long)_episodesPosition.File);
        await _episodes.WriteRowGroupAsync(columns.Select(c => row[c.Name]).ToList(), ct).ConfigureAwait(false);
    }
}
