using BenchmarkDotNet.Attributes;
using Fleet.Dataset.Export;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Video;

namespace Fleet.Benchmarks.Dataset;

/// <summary>
/// Export time per episode: <see cref="DatasetWriter.SaveEpisodeAsync"/> for a 60 s, 30 fps SO-101 episode
/// with one 640x480 camera whose AV1 segment was already encoded live (as Fleet records). Includes stats
/// (image stats decode the sampled frames), the data and episodes Parquet, the video concatenation and
/// info/stats JSON. This is the wait left after an episode; LeRobot additionally encodes the video here.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class ExportBenchmarks
{
    private const int Frames = 1800;
    private readonly DatasetSpec _spec = DatasetSpec.So101(30, [new CameraSpec("front", 640, 480)]);
    private string _dir = "";
    private string _segment = "";
    private DatasetWriter? _writer;
    private int _run;

    [GlobalSetup]
    public async Task Setup()
    {
        _dir = Directory.CreateTempSubdirectory("fleet-bench-export").FullName;
        _segment = Path.Combine(_dir, "segment.mp4");
        // Encoding the whole episode after it ends is what LeRobot's reset period waits on; Fleet does it live.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var encoder = FfmpegEncoder.Start(_segment, 640, 480, 30, VideoEncoderOptions.Av1);
        var frame = new byte[640 * 480 * 3];
        for (var i = 0; i < Frames; i++)
        {
            for (var p = 0; p < frame.Length; p += 3) { frame[p] = (byte)(p / 3 % 640 + i); frame[p + 1] = (byte)(p / 1920); frame[p + 2] = (byte)i; }
            await encoder.WriteFrameAsync(i, frame, CancellationToken.None);
        }
        await encoder.CompleteAsync(Frames, CancellationToken.None);
        var line = $"{DateTime.UtcNow:u} post-episode AV1 encode of {Frames} frames 640x480 (LeRobot-style wait): {clock.Elapsed.TotalSeconds:0.0} s";
        Console.WriteLine("OFFLINE-ENCODE " + line);
        await File.AppendAllTextAsync("offline-encode.txt", line + Environment.NewLine);
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _writer = DatasetWriter.CreateAsync(Path.Combine(_dir, $"ds{_run++}"), _spec, null, CancellationToken.None).GetAwaiter().GetResult();
        File.Copy(_segment, _segment + ".copy", overwrite: true);
    }

    [Benchmark(Description = "SaveEpisodeAsync: 1800 frames, 1 camera 640x480 AV1")]
    public async Task<int> SaveEpisode()
    {
        var episode = new EpisodeBuffer(_spec);
        var values = new float[6];
        for (var i = 0; i < Frames; i++) { values[0] = i; episode.AddFrame(values, values, "put the cube in the box"); }
        episode.SetVideo("front", new VideoSegment(_segment + ".copy", Frames, 0, 0));
        var saved = await _writer!.SaveEpisodeAsync(episode, CancellationToken.None);
        return saved.Length;
    }

    [IterationCleanup]
    public void IterationCleanup() => _writer!.FinishAsync(CancellationToken.None).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);
}
