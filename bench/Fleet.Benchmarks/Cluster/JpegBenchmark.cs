using System.Diagnostics;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Messages.Wire.Jpeg;

namespace Fleet.Benchmarks.Cluster;

/// <summary>
/// The JPEG share of a 2-camera request (issue 8 §8): encode on the robot + decode on the worker of one observation
/// with two 480×640 frames, through <see cref="WireCodec"/> (protobuf included), switching the codec's speed measures
/// on one at a time against the old codec in the same run. <c>-- --jpeg [--quick]</c>.
/// </summary>
public static class JpegBenchmark
{
    public static void Run(string[] args)
    {
        var n = args.Contains("--quick") ? 100 : 400;
        Console.WriteLine($"JPEG round trip of one observation with 2 cameras 480x640, q90, 4:2:0, {n} iterations after warm-up, " +
                          $"{Environment.ProcessorCount} cores, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("variant                                              encode p50  encode p99  decode p50  decode p99  total min  total p50  total p99  bytes");
        var steps = new (string Name, JpegSettings Settings)[]
        {
            ("before: handle + buffer per frame, sequential", JpegSettings.Baseline),
            ("accurate DCT (TJFLAG_ACCURATEDCT), for reference", JpegSettings.Baseline with { FastDct = false }),
            ("+ pooled handles", JpegSettings.Baseline with { ReuseHandles = true }),
            ("+ pooled handles and compress buffer", JpegSettings.Baseline with { ReuseHandles = true, ReuseBuffers = true }),
            ("+ fast upsampling on decode", JpegSettings.Baseline with { ReuseHandles = true, ReuseBuffers = true, FastUpsample = true }),
            ("+ cameras in parallel (= Fleet's codec now)", JpegSettings.Fast),
        };
        var request = Request();
        // Interleaved rounds so that a burst of load from other processes hits every variant alike.
        var results = steps.Select(_ => (Encode: new List<double>(), Decode: new List<double>(), Bytes: 0)).ToArray();
        var codecs = steps.Select(s => new WireCodec(WireCodecOptions.Default, s.Settings)).ToArray();
        for (var round = -20; round < n; round++)
        {
            for (var v = 0; v < steps.Length; v++)
            {
                var start = Stopwatch.GetTimestamp();
                var encoded = codecs[v].Encode(request);
                var mid = Stopwatch.GetTimestamp();
                codecs[v].Decode(encoded.Manifest, encoded.Body.Span);
                var end = Stopwatch.GetTimestamp();
                if (round < 0) continue;
                results[v].Encode.Add(Stopwatch.GetElapsedTime(start, mid).TotalMilliseconds);
                results[v].Decode.Add(Stopwatch.GetElapsedTime(mid, end).TotalMilliseconds);
                results[v].Bytes = encoded.Body.Length;
            }
        }
        for (var v = 0; v < steps.Length; v++)
        {
            var (e, d, bytes) = results[v];
            var total = e.Zip(d, (a, b) => a + b).ToList();
            Console.WriteLine($"{steps[v].Name,-52} {P(e, 50),10:F2}  {P(e, 99),10:F2}  {P(d, 50),10:F2}  {P(d, 99),10:F2}  {total.Min(),9:F2}  {P(total, 50),9:F2}  {P(total, 99),9:F2}  {bytes}");
        }
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double P(List<double> samples, int percentile)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * percentile / 100)];
    }

    private static PredictChunk Request()
    {
        var images = new Dictionary<string, ImageFrame> { ["front"] = ClusterBenchmarks.Frame(640, 480, 0), ["wrist"] = ClusterBenchmarks.Frame(640, 480, 1) };
        return new PredictChunk(1, "bench", new Observation("arm-1", 1, DateTimeOffset.UtcNow, new float[] { 1, 2, 3, 4, 5, 6 }, images, "pick"),
            DateTimeOffset.UtcNow.AddSeconds(5));
    }
}
