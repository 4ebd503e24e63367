using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Fleet.Dataset.Video;

namespace Fleet.Benchmarks.Dataset;

/// <summary>
/// How many 640x480 @ 30 fps camera streams can be encoded live on this machine without dropping frames.
/// Each invocation runs <see cref="Streams"/> encoders side by side for <see cref="Seconds"/> seconds, each
/// fed one frame per 1/30 s tick through the non-blocking <see cref="FfmpegEncoder.TryWriteFrame"/> exactly
/// as a camera actor does; refused frames are drops. The drop counts are the result (printed and appended
/// to live-encoding.txt in the working directory); the time column only shows the run took real time.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class LiveEncodingBenchmarks
{
    /// <summary>Concurrent camera streams; FLEET_BENCH_STREAMS="1,2,3,4" (the default) overrides the list.</summary>
    [ParamsSource(nameof(StreamCounts))]
    public int Streams { get; set; }

    /// <summary>Encoder under test; FLEET_BENCH_CODECS="libsvtav1,libx264" (the default) overrides the list.</summary>
    [ParamsSource(nameof(Codecs))]
    public string Codec { get; set; } = "libsvtav1";

    /// <summary>The stream counts to try.</summary>
    public static IEnumerable<int> StreamCounts() =>
        (Environment.GetEnvironmentVariable("FLEET_BENCH_STREAMS") ?? "1,2,3,4").Split(',').Select(int.Parse);

    /// <summary>The encoders to try.</summary>
    public static IEnumerable<string> Codecs() =>
        (Environment.GetEnvironmentVariable("FLEET_BENCH_CODECS") ?? "libsvtav1,libx264").Split(',');

    /// <summary>Seconds of recording per run.</summary>
    public int Seconds { get; set; } = 20;

    [Benchmark(Description = "live 640x480@30 streams")]
    public async Task<long> Record()
    {
        var options = Codec == "libx264" ? VideoEncoderOptions.H264 : VideoEncoderOptions.Av1;
        var dir = Directory.CreateTempSubdirectory("fleet-bench-live").FullName;
        var encoders = Enumerable.Range(0, Streams).Select(i => FfmpegEncoder.Start(Path.Combine(dir, $"cam{i}.mp4"), 640, 480, 30, options)).ToArray();
        var frames = Enumerable.Range(0, 8).Select(f => Frame(f)).ToArray();
        var total = Seconds * 30;
        var clock = Stopwatch.StartNew();
        for (var tick = 0; tick < total; tick++)
        {
            var due = TimeSpan.FromSeconds(tick / 30.0) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            foreach (var e in encoders) e.TryWriteFrame(tick, frames[tick % frames.Length]);
        }
        long dropped = 0, filled = 0;
        foreach (var e in encoders)
        {
            var segment = await e.CompleteAsync(total, CancellationToken.None);
            dropped += segment.DroppedFrames;
            filled += segment.FilledFrames;
            await e.DisposeAsync();
        }
        var finish = clock.Elapsed.TotalSeconds - Seconds;
        var line = $"{DateTime.UtcNow:u} {Codec} streams={Streams} frames/stream={total} dropped={dropped} filled={filled} tail-after-recording={finish:0.00}s";
        Console.WriteLine("LIVE-ENCODING " + line);
        await File.AppendAllTextAsync("live-encoding.txt", line + Environment.NewLine);
        Directory.Delete(dir, recursive: true);
        return dropped;
    }

    /// <summary>A moving gradient with a little sensor noise: compressible like a camera image, but never free.</summary>
    private static byte[] Frame(int seed)
    {
        var random = new Random(seed);
        var frame = new byte[640 * 480 * 3];
        for (var p = 0; p < frame.Length; p += 3)
        {
            int x = p / 3 % 640, y = p / 3 / 640;
            frame[p] = (byte)(x / 3 + seed * 9 + random.Next(8));
            frame[p + 1] = (byte)(y / 2 + random.Next(8));
            frame[p + 2] = (byte)((x + y) / 5 + seed * 3);
        }
        return frame;
    }
}
