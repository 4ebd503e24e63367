using Fleet.Dataset.Export;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Parquet;
using Fleet.Dataset.Parquet.Reading;
using Fleet.Dataset.Tests.Infrastructure;
using Fleet.Dataset.Verify;

namespace Fleet.Dataset.Tests.Verify;

/// <summary>One dataset written by Fleet, copied and corrupted per test.</summary>
public sealed class VerifiedDatasetFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public string Root => Path.Combine(_dir.Path, "ds");

    public DatasetSpec Spec { get; } = SyntheticEpisodes.Spec(cameras: 2);

    public async Task InitializeAsync()
    {
        var scratch = Directory.CreateDirectory(Path.Combine(_dir.Path, "scratch")).FullName;
        await using var writer = await DatasetWriter.CreateAsync(Root, Spec, null, CancellationToken.None);
        foreach (var (length, e) in new[] { 10, 14, 8 }.Select((l, e) => (l, e)))
            await writer.SaveEpisodeAsync(await SyntheticEpisodes.RecordAsync(Spec, scratch, e, length), CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
    }

    public Task DisposeAsync() { _dir.Dispose(); return Task.CompletedTask; }

    /// <summary>A private copy to corrupt.</summary>
    internal string Copy(TempDir into)
    {
        var target = Path.Combine(into.Path, "copy");
        foreach (var file in Directory.GetFiles(Root, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return target;
    }
}

public class DatasetVerifierTests : IClassFixture<VerifiedDatasetFixture>
{
    private readonly VerifiedDatasetFixture _fixture;

    public DatasetVerifierTests(VerifiedDatasetFixture fixture) => _fixture = fixture;

    private static string DataFile(string root) => Path.Combine(root, "data", "chunk-000", "file-000.parquet");

    [Fact]
    public async Task VerifyAsync_DatasetWrittenByFleet_HasNoFindings()
    {
        var report = await DatasetVerifier.VerifyAsync(_fixture.Root, CancellationToken.None);
        Assert.True(report.Findings.Count == 0, string.Join("\n", report.Findings));
        Assert.Contains(report.Checked, c => c.StartsWith("data: 32 frames"));
        Assert.Contains(report.Checked, c => c.StartsWith("videos observation.images.wrist: 1 file"));
    }

    [Fact]
    public async Task VerifyAsync_MissingVideoFile_NamesTheFileAndItsEpisodes()
    {
        using var dir = new TempDir();
        var root = _fixture.Copy(dir);
        File.Delete(Path.Combine(root, "videos", "observation.images.wrist", "chunk-000", "file-000.mp4"));
        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        var error = Assert.Single(report.Errors);
        Assert.Equal("error: videos/observation.images.wrist/chunk-000/file-000.mp4: missing; episodes 0, 1, 2 point to it.", error.ToString());
    }

    [Fact]
    public async Task VerifyAsync_MissingDataFile_IsReported()
    {
        using var dir = new TempDir();
        var root = _fixture.Copy(dir);
        File.Delete(DataFile(root));
        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        Assert.Contains(report.Errors, e => e.ToString() == "error: data/chunk-000/file-000.parquet: missing; episodes 0, 1, 2 point to it.");
    }

    [Fact]
    public async Task VerifyAsync_GapInGlobalIndex_NamesTheRow()
    {
        using var dir = new TempDir();
        var root = _fixture.Copy(dir);
        await RewriteDataAsync(root, (index, _) => { for (var r = 15; r < index.Length; r++) index[r]++; });
        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        Assert.Contains(report.Errors, e => e.ToString() ==
            "error: data/chunk-000/file-000.parquet: row 15: index is 16, expected 15 (the global index must run 0..total_frames-1 without gaps across sorted data files).");
    }

    [Fact]
    public async Task VerifyAsync_TimestampsAtWrongFps_NamesTheRowAndBothTimes()
    {
        using var dir = new TempDir();
        var root = _fixture.Copy(dir);
        await RewriteDataAsync(root, null, fps: 15);
        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        Assert.Contains(report.Errors, e => e.ToString() ==
            "error: data/chunk-000/file-000.parquet: row 1: timestamp is 0.066667 s but frame_index 1 / fps 30 = 0.033333 s (tolerance 0.0001 s).");
    }

    [Fact]
    public async Task VerifyAsync_TruncatedVideo_ReportsFrameCountAndDuration()
    {
        using var dir = new TempDir();
        var root = _fixture.Copy(dir);
        var video = Path.Combine(root, "videos", "observation.images.front", "chunk-000", "file-000.mp4");
        var shorter = video + ".short.mp4";
        var (code, _, stderr) = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", video, "-c", "copy", "-frames:v", "20", shorter]);
        Assert.True(code == 0, stderr);
        File.Move(shorter, video, overwrite: true);
        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        Assert.Contains(report.Errors, e => e.ToString() ==
            "error: videos/observation.images.front/chunk-000/file-000.mp4: holds 20 frames; episodes 0, 1, 2 need 32 (truncated video).");
        Assert.Contains(report.Errors, e => e.Message.StartsWith("lasts 0.667 s; 32 frames at 30 fps last 1.067 s"));
    }

    [Fact]
    public async Task VerifyAsync_VideoOffTheFrameGrid_NamesTheFirstMisplacedFrame()
    {
        using var dir = new TempDir();
        var root = _fixture.Copy(dir);
        var video = Path.Combine(root, "videos", "observation.images.front", "chunk-000", "file-000.mp4");
        var shifted = video + ".shifted.mp4";
        // Same frames, stream-copied, but every timestamp 20 ms late: LeRobot's 1e-4 s lookup would miss them all.
        var (code, _, stderr) = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", video, "-c", "copy", "-output_ts_offset", "0.02", shifted]);
        Assert.True(code == 0, stderr);
        File.Move(shifted, video, overwrite: true);
        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        // ffmpeg rounds the offset to its track time base, so only the shape of the time is pinned.
        var error = Assert.Single(report.Errors);
        Assert.Equal("videos/observation.images.front/chunk-000/file-000.mp4", error.Where);
        Assert.StartsWith("frame 0 is at 0.0", error.Message);
        Assert.EndsWith("s; constant 30 fps puts it at 0 s (tolerance 0.0001 s), so LeRobot cannot find it.", error.Message);
    }

    [Fact]
    public async Task VerifyAsync_StatsMissing_IsReported()
    {
        using var dir = new TempDir();
        var root = _fixture.Copy(dir);
        File.Delete(Path.Combine(root, "meta", "stats.json"));
        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        Assert.Equal("error: meta/stats.json: missing; training normalizes with it.", Assert.Single(report.Errors).ToString());
    }

    [Fact]
    public async Task ReadAsync_Summary_ListsTotalsTasksAndCameras()
    {
        var summary = await DatasetSummary.ReadAsync(_fixture.Root, CancellationToken.None);
        var text = summary.ToText();
        Assert.Equal(3, summary.Episodes);
        Assert.Equal(32, summary.Frames);
        Assert.Contains("[0] put the cube in the box", text);
        Assert.Contains("observation.images.front", text);
        Assert.Contains("video [120, 160, 3] h264 yuv420p", text);
    }

    /// <summary>Rewrites the data file through Fleet's reader and writer, letting the test damage index or timestamps.</summary>
    private async Task RewriteDataAsync(string root, Action<long[], long[]>? mutate, int fps = 30)
    {
        var path = DataFile(root);
        var reader = await ParquetFileReader.OpenAsync(path, CancellationToken.None);
        var index = reader.ReadInt64("index");
        var frames = reader.ReadInt64("frame_index");
        mutate?.Invoke(index, frames);
        var columns = DataFileSchema.Columns(_fixture.Spec);
        var buffers = columns.Select(c => new ColumnBuffer(c)).ToArray();
        var action = reader.ReadRows("action");
        var state = reader.ReadRows("observation.state");
        var episode = reader.ReadInt64("episode_index");
        var task = reader.ReadInt64("task_index");
        for (var r = 0; r < index.Length; r++)
        {
            buffers[0].AddList(((List<object?>)action[r]!).Cast<float>().ToArray());
            buffers[1].AddList(((List<object?>)state[r]!).Cast<float>().ToArray());
            buffers[2].Add((float)(frames[r] / (double)fps));
            buffers[3].Add(frames[r]);
            buffers[4].Add(episode[r]);
            buffers[5].Add(index[r]);
            buffers[6].Add(task[r]);
        }
        await using var writer = await ParquetFileWriter.CreateAsync(path, columns, [DataFileSchema.HuggingFaceMetadata(_fixture.Spec)], CancellationToken.None);
        await writer.WriteRowGroupAsync(buffers, CancellationToken.None);
    }
}

public class ForeignWriterTests : IClassFixture<VerifiedDatasetFixture>
{
    private readonly VerifiedDatasetFixture _fixture;

    public ForeignWriterTests(VerifiedDatasetFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("snappy")]
    [InlineData("gzip")]
    [InlineData("uncompressed")]
    public async Task VerifyAsync_ParquetRewrittenByDuckDb_ReadsAndVerifies(string codec)
    {
        using var dir = new TempDir();
        var root = _fixture.Copy(dir);
        foreach (var file in Directory.GetFiles(root, "*.parquet", SearchOption.AllDirectories))
        {
            var (code, _, stderr) = await ProcessRunner.RunAsync("node", [Path.Combine(RepoPaths.Tools, "rewrite-parquet.mjs"), file, file + ".duck", codec], RepoPaths.Tools);
            Assert.True(code == 0, stderr);
            File.Move(file + ".duck", file, overwrite: true);
        }
        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        Assert.Empty(report.Errors);
        // DuckDB drops the pandas metadata of tasks.parquet: a warning, since LeRobot would then index tasks by number.
        Assert.Contains(report.Findings, f => f.Severity == Severity.Warning && f.Where == "meta/tasks.parquet");
        Assert.Equal(["put the cube in the box"], await TasksFile.ReadAsync(Path.Combine(root, "meta", "tasks.parquet"), CancellationToken.None));
    }
}

public class VectorShapeTests
{
    [Fact]
    public async Task VerifyAsync_StateVectorShorterThanItsShape_NamesTheRow()
    {
        using var dir = new TempDir();
        var spec = DatasetSpec.So101(30, [], Fleet.Dataset.Video.VideoEncoderOptions.H264);
        var root = Path.Combine(dir.Path, "ds");
        await using (var writer = await DatasetWriter.CreateAsync(root, spec, null, CancellationToken.None))
        {
            var episode = new EpisodeBuffer(spec);
            for (var f = 0; f < 5; f++) episode.AddFrame(new float[6], new float[6], "t");
            await writer.SaveEpisodeAsync(episode, CancellationToken.None);
        }
        // Replace the data file by one whose observation.state is a 5-long list: what a wrong writer would leave.
        var wrong = spec with { StateNames = spec.StateNames.Take(5).ToArray() };
        var columns = DataFileSchema.Columns(wrong);
        var buffers = columns.Select(c => new ColumnBuffer(c)).ToArray();
        for (var f = 0; f < 5; f++)
        {
            buffers[0].AddList(new float[6]);
            buffers[1].AddList(new float[5]);
            buffers[2].Add((float)(f / 30.0));
            buffers[3].Add((long)f);
            buffers[4].Add(0L);
            buffers[5].Add((long)f);
            buffers[6].Add(0L);
        }
        await using (var w = await ParquetFileWriter.CreateAsync(Path.Combine(root, "data", "chunk-000", "file-000.parquet"), columns, [], CancellationToken.None))
            await w.WriteRowGroupAsync(buffers, CancellationToken.None);

        var report = await DatasetVerifier.VerifyAsync(root, CancellationToken.None);
        Assert.Equal("error: data/chunk-000/file-000.parquet: row 0: 'observation.state' has 5 values; feature shape is [6].", Assert.Single(report.Errors).ToString());
    }
}
