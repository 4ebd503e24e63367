using Fleet.Messages;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;
using static Fleet.Policy.Tests.Infrastructure.TinyActCheckpoint;

namespace Fleet.Policy.Tests.Act;

public sealed class ActPolicyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private async Task<string> CheckpointAsync()
    {
        string path = _dir.File("ckpt");
        await TinyActCheckpoint.WriteAsync(path);
        return path;
    }

    private static PolicyInput Input(int seed, int height = Height, int width = Width, string camera = "front", int stateDim = StateDim)
    {
        var rng = new Random(seed);
        var pixels = new byte[height * width * 3];
        rng.NextBytes(pixels);
        var state = Enumerable.Range(0, stateDim).Select(_ => (float)rng.NextDouble() * 4).ToArray();
        var frame = new ImageFrame(width, height, pixels, DateTimeOffset.UnixEpoch, 0);
        return new PolicyInput(state, new Dictionary<string, ImageFrame> { [camera] = frame }, "");
    }

    [Fact]
    public async Task Descriptor_TinyCheckpoint_DescribesConfig()
    {
        using var policy = ActPolicy.Load(await CheckpointAsync(), Parallelism.Single());
        Assert.Equal(new ImageSpec("front", Height, Width), Assert.Single(policy.Descriptor.Images));
        Assert.Equal(("act", Chunk, StateDim, ActionDim), (policy.Descriptor.Type, policy.Descriptor.ChunkSize, policy.Descriptor.StateDim, policy.Descriptor.ActionDim));
    }

    [Fact]
    public async Task PredictAsync_BatchOfThree_EqualsThreeSinglesBitForBit()
    {
        using var policy = ActPolicy.Load(await CheckpointAsync(), new Parallelism(2));
        var inputs = new[] { Input(1), Input(2), Input(3) };
        var batched = await policy.PredictAsync(inputs, CancellationToken.None);
        Assert.Equal(3, batched.Count);
        for (int i = 0; i < 3; i++)
        {
            var single = Assert.Single(await policy.PredictAsync([inputs[i]], CancellationToken.None));
            Assert.Equal(single.Actions.ToArray(), batched[i].Actions.ToArray());
            Assert.Equal(Chunk, batched[i].Length);
        }
        Assert.NotEqual(batched[0].Actions.ToArray(), batched[1].Actions.ToArray());
    }

    [Fact]
    public async Task Predict_OneOrThreeThreads_BitIdentical()
    {
        string path = await CheckpointAsync();
        using var one = ActPolicy.Load(path, Parallelism.Single());
        using var three = ActPolicy.Load(path, new Parallelism(3));
        var input = new[] { Input(5), Input(6) };
        var a = await one.PredictAsync(input, CancellationToken.None);
        var b = await three.PredictAsync(input, CancellationToken.None);
        Assert.Equal(a[1].Actions.ToArray(), b[1].Actions.ToArray());
    }

    [Fact]
    public async Task PredictAsync_Frames_EqualRawTensorsScaledToUnitRange()
    {
        using var policy = ActPolicy.Load(await CheckpointAsync(), Parallelism.Single());
        var input = Input(9);
        var frame = input.Images["front"];
        var chw = new float[3 * Height * Width];
        for (int i = 0; i < Height * Width; i++)
            for (int c = 0; c < 3; c++)
                chw[c * Height * Width + i] = frame.Pixels.Span[3 * i + c] / 255f;
        var raw = policy.Predict(1, input.State.Span, [chw]);
        var viaFrames = Assert.Single(await policy.PredictAsync([input], CancellationToken.None));
        Assert.Equal(raw, viaFrames.Actions.ToArray());
        // Un-normalized with action mean 10 / std 3 and mean −5 / std 0.25: the two columns live on different scales.
        Assert.Contains(raw, v => Math.Abs(v) > 1);
    }

    [Fact]
    public async Task PredictAsync_MissingCamera_NamesKeyAndExpectedShape()
    {
        using var policy = ActPolicy.Load(await CheckpointAsync(), Parallelism.Single());
        var e = await Assert.ThrowsAsync<PolicyInputException>(async () => await policy.PredictAsync([Input(1, camera: "wrist")], CancellationToken.None));
        Assert.Contains("camera 'front' is missing", e.Message);
        Assert.Contains($"[3, {Height}, {Width}]", e.Message);
    }

    [Fact]
    public async Task PredictAsync_WrongFrameSize_NamesKeyAndExpectedShape()
    {
        using var policy = ActPolicy.Load(await CheckpointAsync(), Parallelism.Single());
        var e = await Assert.ThrowsAsync<PolicyInputException>(async () => await policy.PredictAsync([Input(1, height: 30)], CancellationToken.None));
        Assert.Contains($"'front' frame is 30x{Width}", e.Message);
        Assert.Contains($"expects [3, {Height}, {Width}]", e.Message);
    }

    [Fact]
    public async Task PredictAsync_WrongStateLength_NamesKeyAndExpectedShape()
    {
        using var policy = ActPolicy.Load(await CheckpointAsync(), Parallelism.Single());
        var e = await Assert.ThrowsAsync<PolicyInputException>(async () => await policy.PredictAsync([Input(1, stateDim: 5)], CancellationToken.None));
        Assert.Contains($"observation.state has 5 values; the act policy expects [{StateDim}]", e.Message);
    }

    public void Dispose() => _dir.Dispose();
}
