using System.Diagnostics;
using Fleet.Actors;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Act;
using Fleet.Policy.Builtin;
using Fleet.Policy.Tensors;

namespace Fleet.Benchmarks.Cluster;

/// <summary>
/// The remote pool's figures (issue 8 §8), measured end to end through the real path: RemotePolicyPool actor →
/// codec → broker → PolicyWorkerHost → policy → reply → actor. (1) Round trip p50/p99 with a zero-latency policy
/// (inference excluded) for a state-only and a 2-camera 480×640 payload, through RabbitMQ and, side by side, through
/// the in-memory broker as baseline. (2) Pool throughput with ACT on the CPU, max-batch 8 against max-batch 1 on the
/// same single worker, with 16 arms asking in a closed loop.
/// Needs a running broker: <c>--broker amqp://guest:guest@127.0.0.1:5672/</c> (or FLEET_BROKER).
/// </summary>
public static class ClusterBenchmarks
{
    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        if (args.Contains("--capacity-only"))
        {
            var b = args[Array.IndexOf(args, "--broker") + 1];
            await ArmCapacityBenchmark.RunAsync(name => ConnectAsync(b, name), TimeSpan.FromMilliseconds(100), [8, 16, 32, 64, 96], TimeSpan.FromSeconds(6));
            return;
        }
        var brokerArg = Array.IndexOf(args, "--broker");
        var broker = brokerArg >= 0 ? args[brokerArg + 1] : Environment.GetEnvironmentVariable("FLEET_BROKER")
            ?? throw new ArgumentException("Pass --broker amqp://user:pass@host:port/ (a running RabbitMQ).");
        Console.WriteLine($"cluster benchmarks, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, broker {new Uri(broker).Host}:{new Uri(broker).Port}");
        if (args.Contains("--round-trip-stages"))
        {
            await RoundTripStages.RunAsync(broker, quick ? 100 : 400);
            return;
        }
        if (args.Contains("--round-trip-jpeg"))
        {
            // Variants interleaved round by round (RoundTripBenchmark); the old sequential runs below stay for the full suite.
            var only = Array.IndexOf(args, "--variant") is var v and >= 0 && v + 1 < args.Length ? args[v + 1] : null;
            await RoundTripBenchmark.RunAsync(broker, quick ? 300 : 2000, only);
            return;
        }
        var n = quick ? 300 : 2000;
        Console.WriteLine($"round trip, {n} sequential requests after warm-up; zero-latency hold policy (inference excluded)");
        Console.WriteLine("payload                         transport   p50 ms   p99 ms   max ms");
        Console.WriteLine($"load average at start: {JpegBenchmark.LoadAverage()}");
        // The old JPEG path (a handle and a buffer per frame, cameras one after another) runs beside the new one.
        var payloads = new (string Name, int Cameras, WireCodec Codec)[]
        {
            ("state only", 0, new WireCodec()),
            ("2 cameras 480x640 JPEG q90 (old codec)", 2, new WireCodec(WireCodecOptions.Default, Messages.Wire.Jpeg.JpegSettings.Baseline)),
            ("2 cameras 480x640 JPEG q90", 2, new WireCodec()),
            ("2 cameras 480x640 raw", 2, new WireCodec(new WireCodecOptions(ImageWireEncoding.Raw))),
        };
        foreach (var (name, cameras, codec) in args.Contains("--round-trip-jpeg") ? payloads.Where(p => p.Cameras == 0 || p.Name.Contains("JPEG")) : payloads)
        {
            foreach (var rabbit in new[] { false, true })
            {
                var (p50, p99, max) = await RoundTripAsync(rabbit ? broker : null, cameras, codec, n);
                Console.WriteLine($"{name,-39} {(rabbit ? "rabbitmq" : "in-memory"),-9} {p50,8:F3} {p99,8:F3} {max,8:F2}");
            }
        }
        Console.WriteLine($"load average after the round trips: {JpegBenchmark.LoadAverage()}");
        if (args.Contains("--round-trip-jpeg")) return;
        var requests = quick ? 32 : 64;
        foreach (var (h, w) in quick ? new[] { (96, 128) } : new[] { (96, 128), (240, 320) })
        {
            var checkpoint = Path.Combine(Path.GetTempPath(), $"fleet-bench-act-{h}x{w}");
            if (!File.Exists(Path.Combine(checkpoint, "model.safetensors"))) await ActCheckpointWriter.WriteAsync(checkpoint, h, w);
            using (var direct = ActPolicy.Load(checkpoint, new Parallelism(Environment.ProcessorCount)))
            {
                // The policy's own batching gain, without the pool: the ceiling for the pool's gain.
                var r = ActBenchmark.Run(direct, [1, 8], quick ? 2 : 5, CancellationToken.None);
                Console.WriteLine($"ACT 1 camera {h}x{w}, direct: batch 1 {r[0].MedianMs:F0} ms, batch 8 {r[1].MedianMs:F0} ms ({r[1].MedianMs / 8:F0} ms/obs): {r[0].MedianMs * 8 / r[1].MedianMs:F2}x per observation");
            }
            Console.WriteLine($"pool throughput, ACT (LeRobot default dims, 1 camera {h}x{w}) on {Environment.ProcessorCount} threads, 1 worker, 16 arms closed loop, {requests} requests, rabbitmq");
            double? baseline = null;
            foreach (var maxBatch in new[] { 1, 8 })
            {
                var (rate, meanBatch) = await ThroughputAsync(broker, checkpoint, maxBatch, requests, h, w);
                baseline ??= rate;
                Console.WriteLine($"  max-batch {maxBatch}: {rate,7:F2} requests/s, mean batch {meanBatch:F1}, {rate / baseline.Value:F2}x of max-batch 1");
            }
        }
        await ArmCapacityBenchmark.RunAsync(name => ConnectAsync(broker, name), TimeSpan.FromMilliseconds(100),
            quick ? [8, 32] : [8, 16, 32, 64, 96], TimeSpan.FromSeconds(quick ? 3 : 6));
    }

    private static async Task<(double P50, double P99, double Max)> RoundTripAsync(string? broker, int cameras, WireCodec codec, int n)
    {
        await using var system = ActorSystem.Create("bench");
        var policy = $"bench{Guid.NewGuid():N}"[..12];
        await using var robot = await ConnectAsync(broker, "bench-robot");
        await using var gpu = await ConnectAsync(broker, "bench-gpu");
        await using var worker = new PolicyWorkerHost(gpu, new HoldPolicy(new HoldPolicyOptions(6, 50)), codec, new PolicyWorkerOptions(policy, "bench/hold-0", 8, TimeSpan.Zero));
        await worker.StartAsync(CancellationToken.None);
        var pool = system.ActorOf(RemotePolicyPool.Props(robot, codec, new RemotePoolOptions($"bench-robot-{policy}")));
        var probe = new TestProbe(system);
        var images = new Dictionary<string, ImageFrame>();
        for (var c = 0; c < cameras; c++) images[c == 0 ? "front" : "wrist"] = Frame(640, 480, c);
        var samples = new double[n];
        for (var i = -200; i < n; i++)
        {
            var request = new PredictChunk(i + 1000, policy, new Observation("arm-1", i + 1000, DateTimeOffset.UtcNow, new float[] { 1, 2, 3, 4, 5, 6 }, images, "pick"), DateTimeOffset.UtcNow.AddSeconds(5));
            var start = Stopwatch.GetTimestamp();
            probe.Send(pool, request);
            var reply = await probe.ExpectMsgAsync<PredictChunkReply>();
            if (!reply.Succeeded) throw new InvalidOperationException(reply.Error);
            if (i >= 0) samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return (samples[n / 2], samples[(int)(n * 0.99)], samples[^1]);
    }

    private static async Task<(double Rate, double MeanBatch)> ThroughputAsync(string broker, string checkpoint, int maxBatch, int requests, int h, int w)
    {
        await using var system = ActorSystem.Create("bench");
        var policy = $"act{Guid.NewGuid():N}"[..12];
        var codec = new WireCodec();
        await using var robot = await ConnectAsync(broker, "bench-robot");
        await using var gpu = await ConnectAsync(broker, "bench-gpu");
        using IPolicy act = ActPolicy.Load(checkpoint, new Parallelism(Environment.ProcessorCount));
        await using var worker = new PolicyWorkerHost(gpu, act, codec, new PolicyWorkerOptions(policy, "bench/act-0", maxBatch, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(60)));
        await worker.StartAsync(CancellationToken.None);
        var pool = system.ActorOf(RemotePolicyPool.Props(robot, codec, new RemotePoolOptions($"bench-robot-{policy}", TimeSpan.FromSeconds(60))));
        var frame = new Dictionary<string, ImageFrame> { ["front"] = Frame(w, h, 0) };
        // Warm-up: one batch of each size the run will see.
        await Arms(system, pool, policy, frame, Math.Min(16, maxBatch * 2), 16);
        var served = worker.Counters.Served;
        var batches = worker.Counters.Batches;
        var clock = Stopwatch.StartNew();
        await Arms(system, pool, policy, frame, requests, 16);
        var rate = requests / clock.Elapsed.TotalSeconds;
        return (rate, (worker.Counters.Served - served) / (double)(worker.Counters.Batches - batches));
    }

    // 'arms' probes each ask, wait for the chunk, ask again, until 'total' chunks came back.
    private static async Task Arms(ActorSystem system, IActorRef pool, string policy, Dictionary<string, ImageFrame> frame, int total, int arms)
    {
        var remaining = total;
        await Task.WhenAll(Enumerable.Range(0, arms).Select(async a =>
        {
            var probe = new TestProbe(system);
            for (long id = 1; Interlocked.Decrement(ref remaining) >= 0; id++)
            {
                var o = new Observation($"arm-{a}", id, DateTimeOffset.UtcNow, new float[6], frame, "");
                probe.Send(pool, new PredictChunk(id, policy, o, DateTimeOffset.UtcNow.AddSeconds(60)));
                var reply = await probe.ExpectMsgAsync<PredictChunkReply>(timeout: TimeSpan.FromSeconds(120));
                if (!reply.Succeeded) throw new InvalidOperationException(reply.Error);
            }
        }));
    }

    internal static async Task<ITransport> ConnectAsync(string? broker, string name) => broker is null
        ? new InMemoryTransport(SharedMemoryBroker, name)
        : await RabbitMqTransport.ConnectAsync(new RabbitMqOptions(new Uri(broker), name), null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

    private static readonly InMemoryBroker SharedMemoryBroker = new();

    internal static ImageFrame Frame(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        var rng = new Random(seed);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var i = (y * width + x) * 3;
            pixels[i] = (byte)(x * 255 / width);
            pixels[i + 1] = (byte)(y * 255 / height);
            pixels[i + 2] = (byte)(((x / 32 + y / 32) % 2) * 100 + rng.Next(40));
        }
        return new ImageFrame(width, height, pixels, DateTimeOffset.UtcNow, 0);
    }
}
