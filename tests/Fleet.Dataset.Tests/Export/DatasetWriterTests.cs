using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Dataset.Export;
using Fleet.Dataset.Parquet.Reading;
using Fleet.Dataset.Tests.Infrastructure;
using Fleet.Dataset.Video;

namespace Fleet.Dataset.Tests.Export;

public class DatasetWriterTests
{
    private static async Task<string> WriteDatasetAsync(TempDir dir, int[] lengths, Fleet.Dataset.Meta.DatasetSpec spec, DatasetWriterOptions? options = null)
    {
        var root = Path.Combine(dir.Path, "ds");
        var scratch = Directory.CreateDirectory(Path.Combine(dir.Path, "scratch")).FullName;
        await using var writer = await DatasetWriter.CreateAsync(root, spec, options, CancellationToken.None);
        for (var e = 0; e < lengths.Length; e++)
            await writer.SaveEpisodeAsync(await SyntheticEpisodes.RecordAsync(spec, scratch, e, lengths[e], e == 2 ? "stack the blocks" : "put the cube in the box"), CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
        return root;
    }

    [Fact]
    public async Task SaveEpisodeAsync_ThreeEpisodes_DataParquetReadsBackInDuckDbAndHyparquet()
    {
        using var dir = new TempDir();
        var root = await WriteDatasetAsync(dir, [12, 9, 15], SyntheticEpisodes.Spec());
        var read = await IndependentParquetReader.ReadAsync(Path.Combine(root, "data", "chunk-000", "file-000.parquet"));

        Assert.Equal(["action", "observation.state", "timestamp", "frame_index", "episode_index", "index", "task_index"],
            read.Duck().GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        Assert.Equal("FLOAT[]", read.ColumnType("observation.state"));
        Assert.Equal("FLOAT", read.ColumnType("timestamp"));
        Assert.Equal("BIGINT", read.ColumnType("task_index"));
        Assert.Equal(3, read.Hyp().GetProperty("rowGroups").GetInt32());
        Assert.Equal("FixedSizeList[6]<Float32>", read.Arrow().GetProperty("fields")[0].GetProperty("type").GetString());
        Assert.Contains("\"_type\": \"List\"", read.KeyValue("huggingface"));
        var rows = read.Rows("hyparquet");
        Assert.Equal(36, rows.Length);
        var r = rows[12 + 9 + 4]; // episode 2, frame 4
        Assert.Equal(4, r.GetProperty("frame_index").GetInt64());
        Assert.Equal(2, r.GetProperty("episode_index").GetInt64());
        Assert.Equal(25, r.GetProperty("index").GetInt64());
        Assert.Equal(1, r.GetProperty("task_index").GetInt64());
        Assert.Equal((float)(4 / 30.0), (float)r.GetProperty("timestamp").GetDouble());
        Assert.Equal(SyntheticEpisodes.Joint(2, 4, 3), (float)r.GetProperty("observation.state")[3].GetDouble());
        Assert.Equal(-SyntheticEpisodes.Joint(2, 4, 5), (float)r.GetProperty("action")[5].GetDouble());
    }

    [Fact]
    public async Task SaveEpisodeAsync_ThreeEpisodes_EpisodesTasksInfoAndStatsFollowTheFormat()
    {
        using var dir = new TempDir();
        var root = await WriteDatasetAsync(dir, [12, 9, 15], SyntheticEpisodes.Spec());
        var episodes = await IndependentParquetReader.ReadAsync(Path.Combine(root, "meta", "episodes", "chunk-000", "file-000.parquet"));
        var rows = episodes.Rows("duckdb");
        Assert.Equal(3, rows.Length);
        Assert.Equal(21, rows[2].GetProperty("dataset_from_index").GetInt64());
        Assert.Equal(36, rows[2].GetProperty("dataset_to_index").GetInt64());
        Assert.Equal(["stack the blocks"], rows[2].GetProperty("tasks").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(0.7, rows[2].GetProperty("videos/observation.images.front/from_timestamp").GetDouble(), 12);
        Assert.Equal(1.2, rows[2].GetProperty("videos/observation.images.front/to_timestamp").GetDouble(), 12);
        Assert.Equal("DOUBLE[][][]", episodes.ColumnType("stats/observation.images.front/mean"));
        Assert.Equal("BIGINT[]", episodes.ColumnType("stats/action/count"));
        Assert.Equal("DOUBLE[]", episodes.ColumnType("stats/index/q99"));
        Assert.Equal(12, rows[0].GetProperty("stats/observation.images.front/count")[0].GetInt64());
        Assert.Equal(SyntheticEpisodes.Joint(1, 8, 2), rows[1].GetProperty("stats/observation.state/max")[2].GetDouble(), 5);
        var names = episodes.Duck().GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        Assert.Equal(["episode_index", "tasks", "length", "data/chunk_index", "data/file_index", "dataset_from_index", "dataset_to_index"], names.Take(7));
        Assert.Equal("meta/episodes/file_index", names[^1]);

        var tasks = await IndependentParquetReader.ReadAsync(Path.Combine(root, "meta", "tasks.parquet"));
        Assert.Equal(["task_index", "task"], tasks.Duck().GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        Assert.Contains("\"index_columns\": [\"task\"]", tasks.KeyValue("pandas"));

        var infoText = await File.ReadAllTextAsync(Path.Combine(root, "meta", "info.json"));
        Assert.StartsWith("{\n    \"codebase_version\": \"v3.0\",\n    \"fps\": 30,\n    \"features\": {\n        \"action\": {\n            \"dtype\": \"float32\",\n            \"names\": [\n", infoText);
        Assert.False(infoText.EndsWith('\n'));
        var info = JsonNode.Parse(infoText)!.AsObject();
        Assert.Equal(["codebase_version", "fps", "features", "total_episodes", "total_frames", "total_tasks", "chunks_size",
            "data_files_size_in_mb", "video_files_size_in_mb", "data_path", "video_path", "robot_type", "splits"], info.Select(kv => kv.Key));
        Assert.Equal(36, info["total_frames"]!.GetValue<int>());
        Assert.Equal(2, info["total_tasks"]!.GetValue<int>());
        Assert.Equal("0:3", info["splits"]!["train"]!.GetValue<string>());
        var cam = info["features"]!["observation.images.front"]!["info"]!;
        Assert.Equal("h264", cam["video.codec"]!.GetValue<string>());
        Assert.Equal(160, cam["video.width"]!.GetValue<int>());

        var stats = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "meta", "stats.json")))!.AsObject();
        Assert.Equal(36, stats["index"]!["count"]![0]!.GetValue<int>());
        Assert.Equal(35.0, stats["index"]!["max"]![0]!.GetValue<double>());
        Assert.Equal(0.0, stats["action"]!["min"]![5]!.GetValue<double>() + SyntheticEpisodes.Joint(2, 14, 5), 4);
        Assert.Equal(36, stats["observation.images.front"]!["count"]![0]!.GetValue<int>());
        Assert.NotNull(stats["task_index"]!["q99"]);
    }

    [Fact]
    public async Task SaveEpisodeAsync_VideoFile_HoldsEveryFrameAtConstantRate()
    {
        using var dir = new TempDir();
        var root = await WriteDatasetAsync(dir, [12, 9, 15], SyntheticEpisodes.Spec(VideoEncoderOptions.Av1));
        var probe = await VideoProbe.ReadAsync(Path.Combine(root, "videos", "observation.images.front", "chunk-000", "file-000.mp4"), CancellationToken.None);
        Assert.Equal("av1", probe.Codec);
        Assert.Equal("yuv420p", probe.PixelFormat);
        Assert.Equal(36, probe.Frames);
        Assert.Equal(30, probe.Fps);
        Assert.Equal(1.2, probe.DurationSeconds, 3);
    }

    [Fact]
    public async Task ResumeAsync_ExistingDataset_AppendsInNewFilesAndKeepsTasks()
    {
        using var dir = new TempDir();
        var spec = SyntheticEpisodes.Spec();
        var root = await WriteDatasetAsync(dir, [10, 8], spec);
        await using (var writer = await DatasetWriter.ResumeAsync(root, CancellationToken.None))
        {
            Assert.Equal(2, writer.TotalEpisodes);
            Assert.Equal(["put the cube in the box"], writer.Tasks);
            var saved = await writer.SaveEpisodeAsync(await SyntheticEpisodes.RecordAsync(writer.Spec, Path.Combine(dir.Path, "scratch"), 2, 11, "new task"), CancellationToken.None);
            Assert.Equal(18, saved.DatasetFromIndex);
            Assert.Equal(Path.Combine("data", "chunk-000", "file-001.parquet"), saved.DataFile);
            await writer.FinishAsync(CancellationToken.None);
        }
        var second = await ParquetFileReader.OpenAsync(Path.Combine(root, "meta", "episodes", "chunk-000", "file-001.parquet"), CancellationToken.None);
        Assert.Equal([2L], second.ReadInt64("episode_index"));
        Assert.Equal([1L], second.ReadInt64("videos/observation.images.front/file_index"));
        Assert.Equal([0.0], second.ReadDouble("videos/observation.images.front/from_timestamp"));
        var data = await IndependentParquetReader.ReadAsync(Path.Combine(root, "data", "chunk-000", "file-001.parquet"));
        Assert.Equal(Enumerable.Range(18, 11).Select(i => (long)i), data.Rows("duckdb").Select(r => r.GetProperty("index").GetInt64()));
        Assert.All(data.Rows("duckdb"), r => Assert.Equal(1, r.GetProperty("task_index").GetInt64()));
        var info = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "meta", "info.json")))!;
        Assert.Equal(29, info["total_frames"]!.GetValue<int>());
        Assert.Equal(2, info["total_tasks"]!.GetValue<int>());
    }

    [Fact]
    public async Task SaveEpisodeAsync_TinyFileLimits_RollsDataAndVideoFiles()
    {
        using var dir = new TempDir();
        // A 0 MiB limit forces every episode after the first into a new data and video file.
        var root = await WriteDatasetAsync(dir, [6, 6, 6], SyntheticEpisodes.Spec(), new DatasetWriterOptions(ChunksSize: 2, DataFileSizeMb: 0, VideoFileSizeMb: 0));
        Assert.True(File.Exists(Path.Combine(root, "data", "chunk-000", "file-001.parquet")));
        Assert.True(File.Exists(Path.Combine(root, "data", "chunk-001", "file-000.parquet")));
        Assert.True(File.Exists(Path.Combine(root, "videos", "observation.images.front", "chunk-001", "file-000.mp4")));
        var episodes = Directory.GetFiles(Path.Combine(root, "meta", "episodes"), "*.parquet", SearchOption.AllDirectories);
        Assert.Equal(3, episodes.Length);
    }

    [Fact]
    public async Task SaveEpisodeAsync_VideoShorterThanEpisode_ThrowsNamingTheCamera()
    {
        using var dir = new TempDir();
        var spec = SyntheticEpisodes.Spec();
        await using var writer = await DatasetWriter.CreateAsync(Path.Combine(dir.Path, "ds"), spec, null, CancellationToken.None);
        var episode = await SyntheticEpisodes.RecordAsync(spec, dir.Path, 0, 5);
        episode.AddFrame(new float[6], new float[6], "x");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => writer.SaveEpisodeAsync(episode, CancellationToken.None));
        Assert.Contains("camera 'front' video has 5 frames; the episode has 6", e.Message);
    }
}

public class DatasetWriterFailureTests
{
    [Fact]
    public async Task SaveEpisodeAsync_VideoCannotBePlaced_RemovesTheEpisodeFramesAndCanRetry()
    {
        using var dir = new TempDir();
        var spec = SyntheticEpisodes.Spec();
        var root = Path.Combine(dir.Path, "ds");
        // A folder where the video file must go makes the final move fail with an IOException.
        var blocker = Directory.CreateDirectory(Path.Combine(root, "videos", "observation.images.front", "chunk-000", "file-000.mp4"));
        await using var writer = await DatasetWriter.CreateAsync(root, spec, null, CancellationToken.None);
        var episode = await SyntheticEpisodes.RecordAsync(spec, dir.Path, 0, 7);
        var segment = episode.Videos["front"].Path;

        await Assert.ThrowsAnyAsync<IOException>(() => writer.SaveEpisodeAsync(episode, CancellationToken.None));
        var data = await ParquetFileReader.OpenAsync(Path.Combine(root, "data", "chunk-000", "file-000.parquet"), CancellationToken.None);
        Assert.Equal(0, data.RowCount);
        Assert.Equal(0, writer.TotalEpisodes);

        blocker.Delete();
        Assert.True(File.Exists(segment));
        await writer.SaveEpisodeAsync(episode, CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
        var report = await Fleet.Dataset.Verify.DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
    }
}
