using System.Text.Json.Nodes;
using Fleet.Messages;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.FlowMatching;
using Fleet.Policy.SmolVla;
using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;
using Fleet.Policy.Tests.Tokenizers;
using Xunit.Abstractions;

namespace Fleet.Policy.Tests.SmolVla;

/// <summary>SmolVLA as a fleet policy: loading, the IPolicy path (frames, task text, seeded noise), stats and errors.</summary>
public sealed class SmolVlaPolicyTests(TinySmolVlaCheckpoint tiny, ITestOutputHelper output) : IClassFixture<TinySmolVlaCheckpoint>
{
    [TorchFact]
    public async Task PredictAsync_FramesAndTaskText_MatchesPyTorchOnTheSameTokensAndNoise()
    {
        using var dir = new TempDirectory();
        string checkpoint = tiny.CopyTo(dir);
        Directory.CreateDirectory(Path.Combine(checkpoint, "tokenizer"));
        File.WriteAllText(Path.Combine(checkpoint, "tokenizer", "tokenizer.json"), TokenizerFixture.SmolLike().ToJsonString());
        using var policy = LeRobotPolicyLoader.Load("smolvla", checkpoint, threads: 2);
        Assert.True(policy.Descriptor.TakesTask);
        Assert.Equal(["camera1", "camera2"], policy.Descriptor.Images.Select(i => i.Key));

        string[] tasks = ["pick up the red cube", "put it back\n"];
        var inputs = tasks.Select((task, b) => new PolicyInput(new float[] { 1, -2, 3, 0.5f, 0, 2 }.Select(v => v + b).ToArray(),
            new Dictionary<string, ImageFrame> { ["camera1"] = Frame(60, 80, 7 + b), ["camera2"] = Frame(48, 40, 9 + b) }, task)).ToList();
        var outputs = await policy.PredictAsync(inputs, CancellationToken.None);

        // The same batch through the reference: frames as [0,1] floats, the tokenizer's ids, the policy's first noise.
        var tokenizer = Fleet.Policy.Tokenizers.BpeTokenizer.Load(Path.Combine(checkpoint, "tokenizer", "tokenizer.json"));
        var encoded = tasks.Select(t => tokenizer.Encode(SmolVlaTaskTokenizer.WithNewline(t), 16)).Select(e => new Fleet.Policy.Tokenizers.TokenizedText(
            [.. e.Ids, .. Enumerable.Repeat(2, 16 - e.Ids.Length)], [.. e.AttentionMask, .. Enumerable.Repeat(false, 16 - e.Ids.Length)])).ToList();
        Assert.Equal(TokenizerFixture.ByteIds("pick")[0], encoded[0].Ids[0]);
        var noise = GaussianNoise.Create(0, 2 * 50 * 32);
        WriteObservation(dir, inputs, encoded, noise);
        SmolVlaReference.Predict(checkpoint, dir.File("obs.safetensors"), dir.File("noise.safetensors"), dir.File("out.safetensors"), dump: false, TimeSpan.FromMinutes(2));
        using var reference = SafetensorsFile.Open(dir.File("out.safetensors"));
        var expected = reference.ReadFloat32("action", 2, 50, 6);
        var actual = outputs.SelectMany(o => o.Actions.ToArray()).ToArray();
        double diff = Naive.MaxAbsDiff(expected, actual);
        output.WriteLine($"IPolicy path vs PyTorch: max |diff| = {diff:E3}");
        Assert.True(diff <= 1e-4, $"max |C# − PyTorch| = {diff:E3}");
    }

    [TorchFact]
    public void Load_SmolVlaBaseStatsLayout_ActionsPassThroughWithANote()
    {
        using var dir = new TempDirectory();
        string checkpoint = tiny.CopyTo(dir);
        var buffers = new float[6];
        Array.Fill(buffers, 50f);
        foreach (string file in new[] { "policy_preprocessor_step_5_normalizer_processor.safetensors", "policy_postprocessor_step_0_unnormalizer_processor.safetensors" })
            SafetensorsWriter.WriteAsync(Path.Combine(checkpoint, file),
                [new NamedTensor("so100.buffer.action.mean", [6], buffers), new NamedTensor("so100.buffer.action.std", [6], buffers)], CancellationToken.None).AsTask().Wait();
        using var policy = SmolVlaPolicy.Load(checkpoint, new Parallelism(2));
        Assert.Contains(policy.LoadNotes, n => n.Contains("'action'") && n.Contains("so100.buffer.action.mean") && n.Contains("identity"));
        Assert.Contains(policy.LoadNotes, n => n.Contains("'observation.state'"));

        var (state, images, language, noise) = SmolVlaBenchmark.Synthetic(policy, 1);
        var actions = policy.Predict(1, state, images, language, noise);
        // Identity on both ends: the actions are the model's raw output, and the state entered un-normalized.
        var raw = RawModelActions(checkpoint, policy, state, images, language, noise);
        Assert.Equal(raw, actions);
    }

    [TorchFact]
    public void Predict_ThreadCountAndBatchNeighbours_DoNotChangeActions()
    {
        using var one = SmolVlaPolicy.Load(tiny.Path, new Parallelism(1));
        using var two = SmolVlaPolicy.Load(tiny.Path, new Parallelism(2));
        var (state, images, language, noise) = SmolVlaBenchmark.Synthetic(one, 2);
        var a = one.Predict(2, state, images, language, noise);
        Assert.Equal(a, two.Predict(2, state, images, language, noise));
        // Observation 1 alone: its prefix, masks and positions must not depend on its batch neighbour.
        var alone = two.Predict(1, state.AsSpan(6, 6), images.Select(i => new CameraImages(i.Chw[(i.Chw.Length / 2)..], i.Height, i.Width)).ToList(),
            new LanguageTokens(1, language.Length, language.ValidIds(1).ToArray(), Enumerable.Repeat(true, language.Length).ToArray()), noise.AsSpan(50 * 32));
        double diff = Naive.MaxAbsDiff(a.AsSpan(50 * 6), alone);
        Assert.True(diff < 1e-5, $"batched vs alone differ by {diff:E3}");
    }

    [TorchFact]
    public void Load_VlmConfigDisagreesWithTheWeights_ErrorNamesFileKeyAndBothShapes()
    {
        using var dir = new TempDirectory();
        string checkpoint = tiny.CopyTo(dir);
        string vlm = Path.Combine(checkpoint, "vlm_config.json");
        var json = JsonNode.Parse(File.ReadAllText(vlm))!;
        json["text_config"]!["intermediate_size"] = 128;
        File.WriteAllText(vlm, json.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() => SmolVlaPolicy.Load(checkpoint));
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("text_model.layers.0.mlp.gate_proj.weight", e.Message);
        Assert.Contains("[256, 96]", e.Message);
        Assert.Contains("[128, 96]", e.Message);
    }

    [TorchFact]
    public void LoaderLoad_NoTokenizerAnywhere_ErrorListsThePathsTriedAndTheDownload()
    {
        using var dir = new TempDirectory();
        string checkpoint = tiny.CopyTo(dir);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(checkpoint, "config.json")))!;
        config["vlm_model_name"] = "FleetTests/no-such-model";
        File.WriteAllText(Path.Combine(checkpoint, "config.json"), config.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() => LeRobotPolicyLoader.Load("smolvla", checkpoint));
        Assert.Contains(Path.Combine(checkpoint, "tokenizer", "tokenizer.json"), e.Message);
        Assert.Contains("models--FleetTests--no-such-model", e.Message);
        Assert.Contains("huggingface-cli download FleetTests/no-such-model", e.Message);
    }

    [TorchFact]
    public async Task Predict_WrongStateMissingCameraOrUnknownTokenId_ThrowsPolicyInputException()
    {
        using var policy = SmolVlaPolicy.Load(tiny.Path, new Parallelism(2), _ => new LanguageTokens(1, 1, [5], [true]));
        var frames = new Dictionary<string, ImageFrame> { ["camera1"] = Frame(8, 8, 1), ["camera2"] = Frame(8, 8, 2) };
        var e = await Assert.ThrowsAsync<PolicyInputException>(async () =>
            await policy.PredictAsync([new PolicyInput(new float[5], frames, "x")], CancellationToken.None));
        Assert.Contains("[6]", e.Message);
        frames.Remove("camera2");
        e = await Assert.ThrowsAsync<PolicyInputException>(async () =>
            await policy.PredictAsync([new PolicyInput(new float[6], frames, "x")], CancellationToken.None));
        Assert.Contains("camera2", e.Message);
        var (state, images, _, noise) = SmolVlaBenchmark.Synthetic(policy, 1);
        e = Assert.Throws<PolicyInputException>(() => policy.Predict(1, state, images, new LanguageTokens(1, 2, [5, 9999], [true, true]), noise));
        Assert.Contains("id 9999", e.Message);
        Assert.Contains("512", e.Message);
    }

    private static float[] RawModelActions(string checkpoint, SmolVlaPolicy policy, float[] state, List<CameraImages> images, LanguageTokens language, float[] noise)
    {
        // Re-run the stages by hand with no normalization at either end, through the public pieces.
        using var file = SafetensorsFile.Open(Path.Combine(checkpoint, "model.safetensors"));
        var dims = policy.Model.Dimensions;
        var vision = new Fleet.Policy.SmolVla.Vision.SmolVlaVisionEncoder(file, SmolVlaPolicy.VlmPrefix, dims.Vision, dims.Text.Hidden);
        int s = dims.Vision.ImageSize, per = vision.TokensPerImage * dims.Text.Hidden;
        var tokens = new float[images.Count * per];
        for (int c = 0; c < images.Count; c++)
        {
            var prepared = new float[3 * s * s];
            Fleet.Policy.SmolVla.Vision.ImagePreparation.ResizeWithPad(images[c].Chw, images[c].Height, images[c].Width, s, prepared);
            vision.Encode(prepared, 1, tokens.AsSpan(c * per, per), new Parallelism(2));
        }
        var cache = policy.Model.Prefill(1, tokens, images.Count, language, state, new Parallelism(2));
        var padded = policy.Model.Denoise(cache, noise, new Parallelism(2));
        return Enumerable.Range(0, 50).SelectMany(r => padded.AsSpan(r * 32, 6).ToArray()).ToArray();
    }

    private static void WriteObservation(TempDirectory dir, List<PolicyInput> inputs, List<Fleet.Policy.Tokenizers.TokenizedText> encoded, float[] noise)
    {
        int batch = inputs.Count, length = encoded[0].Ids.Length;
        var tensors = new List<TypedSafetensors.Tensor> { TypedSafetensors.Tensor.F32("observation.state", [batch, 6], inputs.SelectMany(i => i.State.ToArray()).ToArray()) };
        foreach (string camera in new[] { "camera1", "camera2" })
        {
            var frame = inputs[0].Images[camera];
            var chw = new float[batch * 3 * frame.Height * frame.Width];
            for (int b = 0; b < batch; b++)
                Fleet.Policy.Act.ObservationTensors.ToChw(inputs[b].Images[camera].Pixels.Span, frame.Height, frame.Width, chw.AsSpan(b * 3 * frame.Height * frame.Width));
            tensors.Add(TypedSafetensors.Tensor.F32($"observation.images.{camera}", [batch, 3, frame.Height, frame.Width], chw));
        }
        tensors.Add(TypedSafetensors.Tensor.I64(SmolVlaObservationFile.TokensKey, [batch, length], encoded.SelectMany(e => e.Ids)));
        tensors.Add(TypedSafetensors.Tensor.U8(SmolVlaObservationFile.MaskKey, [batch, length], encoded.SelectMany(e => e.AttentionMask)));
        TypedSafetensors.Write(dir.File("obs.safetensors"), [.. tensors]);
        TypedSafetensors.Write(dir.File("noise.safetensors"), TypedSafetensors.Tensor.F32("noise", [batch, 50, 32], noise));
    }

    private static ImageFrame Frame(int height, int width, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[height * width * 3];
        rng.NextBytes(pixels);
        return new ImageFrame(width, height, pixels, DateTimeOffset.UnixEpoch, 0);
    }
}
