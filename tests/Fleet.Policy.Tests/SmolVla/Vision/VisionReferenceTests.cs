using System.Text.Json;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.SmolVla.Vision;
using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Policy.Tests.SmolVla.Vision;

/// <summary>
/// Image preparation and the vision encoder against the PyTorch reference (tests/reference/smolvla): a tiny random
/// SmolVLA checkpoint (bf16 weights, smolvla_base's layer counts and key names) and a raw observation, run with
/// <c>--dump</c>; the prepared images (<c>images.&lt;camera&gt;</c>) and the connector output (<c>vision.&lt;camera&gt;</c>)
/// must agree within 1e-4. Three cases cover 1 and 2 cameras, batch 1 and 4, downsampling and upsampling; each runs
/// the whole tiny reference (~10 s on a quiet 2-core machine).
/// </summary>
public sealed class VisionReferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [TorchTheory]
    [InlineData(1, 1, 0, 0)] // the checkpoint's 60×80 cameras: downsampled to 48×64, 16 rows of padding on top
    [InlineData(2, 4, 0, 0)]
    [InlineData(2, 1, 40, 24)] // taller than wide and smaller than 64: upsampled to 64×38, padded on the left
    public void Encode_TinyCheckpoint_MatchesPyTorchDump(int cameras, int batch, int height, int width)
    {
        using var dir = new TempDirectory();
        string checkpoint = dir.File("checkpoint"), obs = dir.File("obs.safetensors"), dump = dir.File("dump.safetensors");
        int seed = 10 * cameras + batch;
        SmolVlaReferenceScripts.Run("make_checkpoint.py", "--out", checkpoint, "--size", "tiny", "--seed", $"{seed}", "--cameras", $"{cameras}");
        var inputs = new List<string> { "--checkpoint", checkpoint, "--batch", $"{batch}", "--seed", $"{seed + 1}", "--observation", obs, "--noise", dir.File("noise.safetensors") };
        if (height > 0) inputs.AddRange(["--image-height", $"{height}", "--image-width", $"{width}"]);
        SmolVlaReferenceScripts.Run("make_inputs.py", [.. inputs]);
        SmolVlaReferenceScripts.Run("smolvla_reference.py", "--checkpoint", checkpoint, "--observation", obs, "--noise", dir.File("noise.safetensors"),
            "--out", dump, "--dump", "--threads", "2");

        var (config, textHidden) = ReadVlmConfig(Path.Combine(checkpoint, "vlm_config.json"));
        using var model = SafetensorsFile.Open(Path.Combine(checkpoint, "model.safetensors"));
        var encoder = new SmolVlaVisionEncoder(model, "model.vlm_with_expert.vlm.model.", config, textHidden);
        using var observation = SafetensorsFile.Open(obs);
        using var expected = SafetensorsFile.Open(dump);
        int s = config.ImageSize, tokens = encoder.TokensPerImage;
        var parallelism = new Parallelism(2);
        for (int c = 1; c <= cameras; c++)
        {
            string camera = $"camera{c}";
            var info = observation.Info($"observation.images.{camera}");
            int h = (int)info.Shape[2], w = (int)info.Shape[3];
            var raw = observation.ReadFloat32($"observation.images.{camera}", batch, 3, h, w);
            var prepared = new float[batch * 3 * s * s];
            for (int b = 0; b < batch; b++)
                ImagePreparation.ResizeWithPad(raw.AsSpan(b * 3 * h * w, 3 * h * w), h, w, s, prepared.AsSpan(b * 3 * s * s, 3 * s * s));
            double imageDiff = Naive.MaxAbsDiff(expected.ReadFloat32($"images.{camera}", batch, 3, s, s), prepared);

            var actual = new float[batch * tokens * textHidden];
            encoder.Encode(prepared, batch, actual, parallelism);
            var reference = expected.ReadFloat32($"vision.{camera}", batch, tokens, textHidden);
            double visionDiff = Naive.MaxAbsDiff(reference, actual);
            output.WriteLine($"{camera} {h}×{w} → {s}×{s}: images max |Δ| {imageDiff:E2}; vision max |Δ| {visionDiff:E2} (max |ref| {reference.Max(Math.Abs):F3})");
            Assert.True(imageDiff <= Tolerance, $"{camera}: prepared images differ by {imageDiff:E3}");
            Assert.True(visionDiff <= Tolerance, $"{camera}: connector output differs by {visionDiff:E3}");
        }
    }

    /// <summary>The vision sizes and the text width of a Hugging Face SmolVLM config.json.</summary>
    private static (SigLipConfig Config, int TextHidden) ReadVlmConfig(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var v = root.GetProperty("vision_config");
        int Int(string name) => v.GetProperty(name).GetInt32();
        var config = new SigLipConfig(Int("image_size"), Int("patch_size"), Int("hidden_size"), Int("num_hidden_layers"),
            Int("num_attention_heads"), Int("intermediate_size"), v.GetProperty("layer_norm_eps").GetSingle(), root.GetProperty("scale_factor").GetInt32());
        return (config, root.GetProperty("text_config").GetProperty("hidden_size").GetInt32());
    }
}
