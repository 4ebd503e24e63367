using System.Diagnostics;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Messages.Wire.Jpeg;
using Fleet.Messages.Wire.Proto;

namespace Fleet.Benchmarks.Cluster;

/// <summary>
/// Where a 2-camera request's time goes, stage by stage: robot-side JPEG encode (one camera; both in parallel; both
/// one after the other), the codec's whole encode (re-encoded vs camera JPEG passed through: the latter is the JPEG
/// header check plus protobuf), protobuf alone, the worker's JPEG decode (one camera; both), the codec's whole decode,
/// the reply's encode + decode, and the transport hop alone (publish → broker → consume → small reply back, no codec,
/// no actors) with a state-only body and with the 2-camera body. All stages take turns iteration by iteration, so
/// load bursts hit them alike; min, p50, p99 per stage. <c>--round-trip-stages</c> (with <c>--cluster --broker …</c>).
/// </summary>
internal static class RoundTripStages
{
    public static async Task RunAsync(string? broker, int n)
    {
        var turbo = new JpegCodec(JpegSettings.Fast);
        var rgb = new[] { ClusterBenchmarks.Frame(640, 480, 0), ClusterBenchmarks.Frame(640, 480, 1) };
        var decoder = new CameraJpegDecoder();
        var camera = rgb.Select((f, i) => decoder.Decode(turbo.Encode(f, 90), 640, 480, DateTimeOffset.UtcNow, 0, $"cam{i}")).ToArray();
        var parallel = new WireCodec(new WireCodecOptions { CameraJpeg = CameraJpegMode.ReEncode });
        var sequential = new WireCodec(new WireCodecOptions { CameraJpeg = CameraJpegMode.ReEncode, ParallelCameras = false });
        var passThrough = new WireCodec();
        var rgbRequest = Request(rgb);
        var cameraRequest = Request(camera);
        var cameraBody = passThrough.Encode(cameraRequest);
        var stateBody = passThrough.Encode(Request([]));
        var jpeg = camera[0].CameraJpeg!.Value;
        var reply = new PredictChunkReply(1, "arm-1", new ActionChunk("arm-1", 1, new float[300], 6, DateTimeOffset.UtcNow), null, "w");

        var stages = new List<(string Name, Func<ValueTask> Run)>
        {
            ("robot: JPEG encode, 1 camera", () => Sync(() => turbo.Encode(rgb[0], 90))),
            ("robot: codec encode, 2 cameras re-encoded, sequential", () => Sync(() => sequential.Encode(rgbRequest))),
            ("robot: codec encode, 2 cameras re-encoded, parallel", () => Sync(() => parallel.Encode(rgbRequest))),
            ("robot: codec encode, 2 camera JPEGs passed through", () => Sync(() => passThrough.Encode(cameraRequest))),
            ("worker: protobuf parse alone, 2 camera JPEGs", () => Sync(() => WirePredictChunk.Parser.ParseFrom(cameraBody.Body.Span))),
            ("worker: JPEG decode, 1 camera", () => Sync(() => turbo.Decode(jpeg.Span, 640, 480, "bench"))),
            ("worker: codec decode, 2 cameras, sequential", () => Sync(() => sequential.Decode(cameraBody.Manifest, cameraBody.Body.Span))),
            ("worker: codec decode, 2 cameras, parallel", () => Sync(() => passThrough.Decode(cameraBody.Manifest, cameraBody.Body.Span))),
            ("reply: encode + decode of a 50x6 chunk", () => Sync(() => { var e = passThrough.Encode(reply); return passThrough.Decode(e.Manifest, e.Body.Span); })),
        };
        var hops = new List<Hop>();
        foreach (var b in broker is null ? new string?[] { null } : [null, broker])
        {
            var where = b is null ? "in-memory" : "rabbitmq";
            hops.Add(await Hop.StartAsync(b, stateBody.Body));
            hops.Add(await Hop.StartAsync(b, cameraBody.Body));
            stages.Add(($"transport hop ({where}), state-only body {stateBody.Body.Length} B", hops[^2].OnceAsync));
            stages.Add(($"transport hop ({where}), 2-camera body {cameraBody.Body.Length / 1024} KB", hops[^1].OnceAsync));
        }
        try
        {
            Console.WriteLine($"stages of a 2-camera 480x640 request, {n} iterations each after 30 of warm-up, stages interleaved; load average {JpegBenchmark.LoadAverage()}");
            var samples = stages.Select(_ => new List<double>(n)).ToArray();
            for (var i = -30; i < n; i++)
                for (var s = 0; s < stages.Count; s++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await stages[s].Run();
                    if (i >= 0) samples[s].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            Console.WriteLine($"{"stage",-62} {"min ms",8} {"p50 ms",8} {"p99 ms",8}");
            for (var s = 0; s < stages.Count; s++)
            {
                var sorted = samples[s].Order().ToArray();
                Console.WriteLine($"{stages[s].Name,-62} {sorted[0],8:F3} {sorted[sorted.Length / 2],8:F3} {sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))],8:F3}");
            }
            Console.WriteLine($"load average at the end: {JpegBenchmark.LoadAverage()}");
        }
        finally
        {
            foreach (var h in hops) await h.DisposeAsync();
        }
    }

    private static ValueTask Sync(Func<object> work)
    {
        GC.KeepAlive(work());
        return ValueTask.CompletedTask;
    }

    private static PredictChunk Request(ImageFrame[] frames)
    {
        var images = frames.Select((f, i) => (Key: i == 0 ? "front" : "wrist", f)).ToDictionary(p => p.Key, p => p.f);
        return new PredictChunk(1, "bench", new Observation("arm-1", 1, DateTimeOffset.UtcNow, new float[] { 1, 2, 3, 4, 5, 6 }, images, "pick"),
            DateTimeOffset.UtcNow.AddSeconds(5));
    }

    // The broker hop alone: the robot publishes the body to a request queue, the worker's consumer answers with a small
    // reply to the robot's reply queue and acknowledges, the robot's consumer completes the wait.
    private sealed class Hop : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _owned = [];
        private ReadOnlyMemory<byte> _body;
        private string _requests = "", _replies = "";
        private ITransport _robot = null!;
        private TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<Hop> StartAsync(string? broker, ReadOnlyMemory<byte> body)
        {
            var id = $"{Guid.NewGuid():N}"[..10];
            var hop = new Hop { _body = body, _requests = $"bench.hop.{id}.requests", _replies = $"bench.hop.{id}.replies" };
            hop._robot = await ClusterBenchmarks.ConnectAsync(broker, $"hop-robot-{id}");
            var gpu = await ClusterBenchmarks.ConnectAsync(broker, $"hop-gpu-{id}");
            hop._owned.AddRange([hop._robot, gpu]);
            var ct = CancellationToken.None;
            await gpu.DeclareQueueAsync(new QueueSpec(hop._requests, Durable: false, Expires: TimeSpan.FromMinutes(1)), ct);
            await hop._robot.DeclareQueueAsync(new QueueSpec(hop._replies, Durable: false, Expires: TimeSpan.FromMinutes(1)), ct);
            var small = new byte[64];
            hop._owned.Add(await gpu.ConsumeAsync(hop._requests, 8, async (d, token) =>
            {
                await gpu.PublishAsync(Destination.Queue(d.Message.ReplyTo!), new TransportMessage("hop", small, CorrelationId: d.Message.CorrelationId), token);
                await d.AckAsync(token);
            }, ct));
            hop._owned.Add(await hop._robot.ConsumeAsync(hop._replies, 8, async (d, token) =>
            {
                await d.AckAsync(token);
                hop._answered.TrySetResult();
            }, ct));
            return hop;
        }

        public async ValueTask OnceAsync()
        {
            _answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _robot.PublishAsync(Destination.Queue(_requests), new TransportMessage("hop", _body, ReplyTo: _replies, CorrelationId: "1"), CancellationToken.None);
            await _answered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var d in Enumerable.Reverse(_owned)) await d.DisposeAsync();
        }
    }
}
