using Fleet.Actors;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Messages.Wire.Jpeg;
using Fleet.Policy.Abstractions;

namespace Fleet.Cluster.Tests.Pool;

/// <summary>
/// The worker decodes JPEG frames into pixel arrays it reuses once the policy returned. Reuse must never show a policy
/// another request's pixels: two different scenes alternate through one worker, and every chunk must carry the
/// checksum of its own scene as the policy saw it, while the worker reports reused arrays.
/// </summary>
public sealed class FrameBufferReuseTests : IAsyncLifetime
{
    private readonly InMemoryBroker _broker = new();
    private readonly WireCodec _codec = new();
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("reuse");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task AlternatingScenes_ThroughOneWorker_EachChunkCarriesItsOwnScenesPixels()
    {
        Assert.True(CameraJpegDecoder.IsAvailable, "libturbojpeg.so.0 is not installed: run scripts/setup-cluster.sh (Debian libturbojpeg0).");
        await using var worker = new PolicyWorkerHost(new InMemoryTransport(_broker, "gpu"), new ChecksumPolicy(), _codec,
            new PolicyWorkerOptions("checksum", "gpu/checksum-0", MaxBatch: 2, MaxWait: TimeSpan.Zero));
        await worker.StartAsync(CancellationToken.None);
        await using var robot = new InMemoryTransport(_broker, "robot");
        var pool = _system.ActorOf(RemotePolicyPool.Props(robot, _codec, new RemotePoolOptions("robot")));
        var probe = new TestProbe(_system);
        var scenes = new[] { Scene(0), Scene(97) };
        var expected = scenes.Select(s => Checksum(Decoded(s))).ToArray();
        Assert.NotEqual(expected[0], expected[1]);

        for (var i = 0; i < 12; i++)
        {
            var observation = new Observation("arm-1", i, DateTimeOffset.UtcNow, new float[6], new Dictionary<string, ImageFrame> { ["front"] = scenes[i % 2] }, "");
            probe.Send(pool, new PredictChunk(i, "checksum", observation, DateTimeOffset.UtcNow.AddSeconds(20)));
            var reply = await probe.ExpectMsgAsync<PredictChunkReply>();
            Assert.True(reply.Succeeded, reply.Error);
            Assert.Equal(expected[i % 2], reply.Chunk!.Actions.Span[0]);
        }
        Assert.True(worker.ReusedFrameBuffers >= 10, $"only {worker.ReusedFrameBuffers} of 12 frames reused a pixel array");
    }

    private static ImageFrame Scene(int seed)
    {
        const int width = 64, height = 48;
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)((i / 3 % width) * 3 + (i / 3 / width) * 2 + seed);
        return new ImageFrame(width, height, pixels, DateTimeOffset.UtcNow, seed);
    }

    // What the worker's policy should see: the scene after the JPEG round trip, decoded without any reuse.
    private ImageFrame Decoded(ImageFrame scene)
    {
        var request = new PredictChunk(1, "checksum", new Observation("arm-1", 1, DateTimeOffset.UtcNow, new float[6],
            new Dictionary<string, ImageFrame> { ["front"] = scene }, ""), DateTimeOffset.UtcNow.AddSeconds(20));
        var encoded = _codec.Encode(request);
        return _codec.Decode<PredictChunk>(encoded.Manifest, encoded.Body.Span).Observation.Images["front"];
    }

    // Exact in a float: below 2^24.
    private static float Checksum(ImageFrame frame)
    {
        long sum = 0;
        var pixels = frame.Pixels.Span;
        for (var i = 0; i < pixels.Length; i++) sum = (sum * 31 + pixels[i]) % 1_000_003;
        return sum;
    }

    // Answers each observation with its front camera's checksum as the first action value.
    private sealed class ChecksumPolicy : IPolicy
    {
        public PolicyDescriptor Descriptor { get; } = new("checksum", 1, 6, 6, [new ImageSpec("front", 48, 64)]);

        public ValueTask<IReadOnlyList<PolicyOutput>> PredictAsync(IReadOnlyList<PolicyInput> batch, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<PolicyOutput>>(batch.Select(input =>
            {
                var actions = new float[6];
                actions[0] = Checksum(input.Images["front"]);
                return new PolicyOutput(actions, 6);
            }).ToList());

        public void Dispose()
        {
        }
    }
}
