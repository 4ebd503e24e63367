using Fleet.Actors;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Policy.Builtin;

namespace Fleet.Benchmarks.Cluster;

/// <summary>
/// How many arms one policy node keeps fed: N simulated arms at 30 fps each consume one action per tick, ask for a new
/// 50-action chunk when 25 remain (g = 0.5, one request in flight), and drop the actions whose tick passed while the
/// request travelled. A tick with no action is a starvation tick. The policy stands in for a GPU: a fixed time per
/// forward pass whatever the batch size (hold policy with simulated latency), one worker, max-batch 8, via RabbitMQ.
/// </summary>
internal static class ArmCapacityBenchmark
{
    private const int Chunk = 50, Threshold = 25;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1.0 / 30);

    public static async Task RunAsync(Func<string, Task<ITransport>> connect, TimeSpan inference, IEnumerable<int> armCounts, TimeSpan duration)
    {
        Console.WriteLine($"arm capacity: 30 fps arms, chunk {Chunk}, request at {Threshold} left; policy {inference.TotalMilliseconds:F0} ms per forward pass, 1 worker, max-batch 8, rabbitmq, {duration.TotalSeconds:F0} s per run");
        foreach (var arms in armCounts)
        {
            var (starved, ticks, requests) = await RunOnceAsync(connect, inference, arms, duration);
            Console.WriteLine($"  {arms,3} arms: {starved,5} starvation ticks of {ticks} ({100.0 * starved / ticks:F2} %), {requests} requests");
        }
    }

    private static async Task<(long Starved, long Ticks, long Requests)> RunOnceAsync(Func<string, Task<ITransport>> connect, TimeSpan inference, int arms, TimeSpan duration)
    {
        await using var system = ActorSystem.Create("capacity");
        var policy = $"cap{Guid.NewGuid():N}"[..12];
        var codec = new WireCodec();
        await using var robot = await connect("cap-robot");
        await using var gpu = await connect("cap-gpu");
        await using var worker = new PolicyWorkerHost(gpu, new HoldPolicy(new HoldPolicyOptions(6, Chunk, inference)), codec, new PolicyWorkerOptions(policy, "cap/hold-0", 8, TimeSpan.FromMilliseconds(2)));
        await worker.StartAsync(CancellationToken.None);
        var pool = system.ActorOf(RemotePolicyPool.Props(robot, codec, new RemotePoolOptions($"cap-robot-{policy}")));
        long starved = 0, ticks = 0, requests = 0;
        await Task.WhenAll(Enumerable.Range(0, arms).Select(async a =>
        {
            var (s, t, r) = await ArmAsync(system, pool, policy, $"arm-{a}", duration);
            Interlocked.Add(ref starved, s);
            Interlocked.Add(ref ticks, t);
            Interlocked.Add(ref requests, r);
        }));
        return (starved, ticks, requests);
    }

    private static async Task<(long Starved, long Ticks, long Requests)> ArmAsync(ActorSystem system, IActorRef pool, string policy, string arm, TimeSpan duration)
    {
        var probe = new TestProbe(system);
        long timestep = 0, lastAction = -1, starved = 0, requests = 0, id = 0;
        Task<PredictChunkReply>? pending = null;
        using var timer = new PeriodicTimer(Tick);
        var ticks = (long)(duration / Tick);
        for (; timestep < ticks; timestep++)
        {
            await timer.WaitForNextTickAsync();
            if (pending is { IsCompleted: true })
            {
                var reply = await pending;
                if (reply.Chunk is { } chunk) lastAction = chunk.StartTimestep + chunk.Length - 1; // passed actions are skipped by the tick
                pending = null;
            }
            if (lastAction >= 0 && timestep > lastAction) starved++; // the queue ran dry: the arm holds this tick
            var left = Math.Max(0, lastAction - timestep);
            if (pending is null && left <= Threshold)
            {
                probe.Send(pool, new PredictChunk(++id, policy, new Observation(arm, timestep + 1, DateTimeOffset.UtcNow, new float[6], new Dictionary<string, ImageFrame>(), ""),
                    DateTimeOffset.UtcNow.AddSeconds(2)));
                pending = probe.ExpectMsgAsync<PredictChunkReply>(timeout: TimeSpan.FromSeconds(3));
                requests++;
            }
        }
        return (starved, ticks, requests);
    }
}
