using System.Diagnostics;
using Fleet.Actors;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Messages.Wire.Jpeg;
using Fleet.Policy.Builtin;

namespace Fleet.Benchmarks.Cluster;

/// <summary>
/// Request → chunk round trips (issue 8 §8) through the real path: RemotePolicyPool actor → codec → broker →
/// PolicyWorkerHost (decode included) → zero-latency hold policy → reply → actor. Every variant runs at once, each with
/// its own pool, worker and queues, and they take turns round by round (25 requests each), so a burst of load from
/// other processes hits all of them alike; min, p50, p99 and max per variant. Variants: state only; two 480×640
/// cameras re-encoded at q90 (what a robot with RGB cameras pays); the same two cameras as camera JPEG (q90, as a V4L2
/// MJPEG camera with keep-jpeg delivers it) passed through untouched; each with the worker decoding into fresh or reused
/// pixel arrays; each on the in-memory broker and on RabbitMQ; and, through RabbitMQ, the passed-through frames with
/// Fleet's default 5 ms batching wait, decoded after the wait or while waiting. <c>--variant TEXT</c> keeps only the
/// variants whose name contains TEXT (plus state only): the others' garbage (fresh 0.9 MB arrays per frame) then does
/// not set off collections in the measured one.
/// </summary>
internal static class RoundTripBenchmark
{
    private const int PerRound = 25;

    public static async Task RunAsync(string broker, int n, string? only = null)
    {
        await using var system = ActorSystem.Create("bench");
        var rgb = Cameras(passThrough: false);
        var camera = Cameras(passThrough: true);
        var reEncode = new WireCodec(new WireCodecOptions { CameraJpeg = CameraJpegMode.ReEncode });
        var passThrough = new WireCodec();
        // Before this session: re-encoded, fresh pixel arrays per decoded frame. Then each measure on its own.
        // Max-wait 0 (no batching wait) except the last two, which show Fleet's default 5 ms batching wait with the
        // decode after the wait (before) and during it (after); those two only through RabbitMQ.
        var zero = TimeSpan.Zero;
        var fiveMs = TimeSpan.FromMilliseconds(5);
        var specs = new (string Name, IReadOnlyDictionary<string, ImageFrame> Images, WireCodec Codec, bool Reuse, TimeSpan MaxWait, bool Eager)[]
        {
            ("state only", new Dictionary<string, ImageFrame>(), passThrough, true, zero, true),
            ("2 cam re-encoded q90, fresh arrays (before)", rgb, reEncode, false, zero, true),
            ("2 cam re-encoded q90, reused arrays", rgb, reEncode, true, zero, true),
            ("2 cam camera JPEG passed through, fresh arrays", camera, passThrough, false, zero, true),
            ("2 cam camera JPEG passed through, reused arrays", camera, passThrough, true, zero, true),
            ("2 cam passed through, max-wait 5ms, decode after", camera, passThrough, true, fiveMs, false),
            ("2 cam passed through, max-wait 5ms, decode during", camera, passThrough, true, fiveMs, true),
        };
        var variants = new List<Variant>();
        try
        {
            foreach (var spec in specs.Where(s => only is null || s.Name == "state only" || s.Name.Contains(only, StringComparison.Ordinal)))
                foreach (var rabbit in spec.MaxWait > TimeSpan.Zero ? [true] : new[] { false, true })
                    variants.Add(await Variant.StartAsync(system, rabbit ? broker : null, spec.Name, spec.Images, spec.Codec,
                        new PolicyWorkerOptions("", "bench/hold-0", 8, spec.MaxWait) { ReuseFrameBuffers = spec.Reuse, DecodeWhileGathering = spec.Eager }));
            Console.WriteLine($"round trip, {n} requests per variant after 100 of warm-up, variants interleaved {PerRound} at a time; " +
                              $"zero-latency hold policy; load average {JpegBenchmark.LoadAverage()}");
            foreach (var v in variants) await v.RunAsync(100, record: false);
            var gc = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var paused = GC.GetTotalPauseDuration();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var done = 0; done < n; done += PerRound)
                foreach (var v in variants) await v.RunAsync(Math.Min(PerRound, n - done), record: true);
            Console.WriteLine($"{"payload",-50} {"transport",-9} {"min ms",8} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}");
            foreach (var v in variants) Console.WriteLine(v.Summary());
            Console.WriteLine($"GCs during the measured rounds: gen0 {GC.CollectionCount(0) - gc.Item1}, gen1 {GC.CollectionCount(1) - gc.Item2}, " +
                              $"gen2 {GC.CollectionCount(2) - gc.Item3}, pauses {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms in all; process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s; " +
                              $"load average {JpegBenchmark.LoadAverage()}");
        }
        finally
        {
            foreach (var v in variants) await v.DisposeAsync();
        }
    }

    private static Dictionary<string, ImageFrame> Cameras(bool passThrough)
    {
        var decoder = new CameraJpegDecoder();
        var turbo = new JpegCodec(JpegSettings.Fast);
        var images = new Dictionary<string, ImageFrame>();
        foreach (var (key, seed) in new[] { ("front", 0), ("wrist", 1) })
        {
            var frame = ClusterBenchmarks.Frame(640, 480, seed);
            images[key] = passThrough ? decoder.Decode(turbo.Encode(frame, 90), 640, 480, DateTimeOffset.UtcNow, 0, key) : frame;
        }
        return images;
    }

    private sealed class Variant : IAsyncDisposable
    {
        private readonly List<double> _samples = [];
        private readonly List<IAsyncDisposable> _owned = [];
        private string _name = "", _transport = "", _policy = "";
        private IReadOnlyDictionary<string, ImageFrame> _images = null!;
        private IActorRef _pool = null!;
        private TestProbe _probe = null!;
        private long _next = 1000;

        public static async Task<Variant> StartAsync(ActorSystem system, string? broker, string name, IReadOnlyDictionary<string, ImageFrame> images, WireCodec codec, PolicyWorkerOptions options)
        {
            var v = new Variant { _name = name, _transport = broker is null ? "in-memory" : "rabbitmq", _images = images, _policy = $"rt{Guid.NewGuid():N}"[..12] };
            var robot = await ClusterBenchmarks.ConnectAsync(broker, $"rt-robot-{v._policy}");
            var gpu = await ClusterBenchmarks.ConnectAsync(broker, $"rt-gpu-{v._policy}");
            var worker = new PolicyWorkerHost(gpu, new HoldPolicy(new HoldPolicyOptions(6, 50)), codec, options with { Policy = v._policy });
            v._owned.AddRange([robot, gpu, worker]);
            await worker.StartAsync(CancellationToken.None);
            v._pool = system.ActorOf(RemotePolicyPool.Props(robot, codec, new RemotePoolOptions($"rt-robot-{v._policy}")));
            v._probe = new TestProbe(system);
            return v;
        }

        public async Task RunAsync(int count, bool record)
        {
            for (var i = 0; i < count; i++)
            {
                var id = _next++;
                var observation = new Observation("arm-1", id, DateTimeOffset.UtcNow, new float[] { 1, 2, 3, 4, 5, 6 }, _images, "pick");
                var start = Stopwatch.GetTimestamp();
                _probe.Send(_pool, new PredictChunk(id, _policy, observation, DateTimeOffset.UtcNow.AddSeconds(5)));
                var reply = await _probe.ExpectMsgAsync<PredictChunkReply>();
                if (!reply.Succeeded) throw new InvalidOperationException($"{_name} ({_transport}): {reply.Error}");
                if (record) _samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        public string Summary()
        {
            var s = _samples.Order().ToArray();
            double P(double q) => s[Math.Min(s.Length - 1, (int)(s.Length * q))];
            return $"{_name,-50} {_transport,-9} {s[0],8:F3} {P(0.5),8:F3} {P(0.9),8:F3} {P(0.99),8:F3} {s[^1],8:F2}";
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var d in Enumerable.Reverse(_owned)) await d.DisposeAsync();
        }
    }
}
