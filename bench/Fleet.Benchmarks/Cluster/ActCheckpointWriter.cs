using System.Text.Json;
using Fleet.Policy.Checkpoints;

namespace Fleet.Benchmarks.Cluster;

/// <summary>
/// Writes an ACT checkpoint with LeRobot's default architecture (ResNet-18, d_model 512, 8 heads, feed-forward 3200,
/// 4 encoder + 1 decoder layers, chunk 100) and random weights, for speed measurements only: the cost of a forward
/// pass does not depend on the weights' values.
/// </summary>
internal static class ActCheckpointWriter
{
    public const int StateDim = 6, ActionDim = 6, Dim = 512, Heads = 8, FeedForward = 3200, Chunk = 100, Latent = 32;

    public static async Task WriteAsync(string directory, int height, int width)
    {
        Directory.CreateDirectory(directory);
        var config = new Dictionary<string, object?>
        {
            ["type"] = "act",
            ["input_features"] = new Dictionary<string, object>
            {
                ["observation.state"] = new { type = "STATE", shape = new[] { StateDim } },
                ["observation.images.front"] = new { type = "VISUAL", shape = new[] { 3, height, width } },
            },
            ["output_features"] = new Dictionary<string, object> { ["action"] = new { type = "ACTION", shape = new[] { ActionDim } } },
            ["normalization_mapping"] = new { VISUAL = "MEAN_STD", STATE = "MEAN_STD", ACTION = "MEAN_STD" },
            ["chunk_size"] = Chunk, ["n_action_steps"] = Chunk, ["dim_model"] = Dim, ["n_heads"] = Heads, ["dim_feedforward"] = FeedForward,
            ["feedforward_activation"] = "relu", ["n_encoder_layers"] = 4, ["n_decoder_layers"] = 1, ["latent_dim"] = Latent,
            ["pre_norm"] = false, ["vision_backbone"] = "resnet18", ["replace_final_stride_with_dilation"] = false,
            ["temporal_ensemble_coeff"] = null,
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "config.json"), JsonSerializer.Serialize(config));
        var rng = new Random(8);
        await SafetensorsWriter.WriteAsync(Path.Combine(directory, "model.safetensors"), Weights(rng).ToList(), CancellationToken.None);
        await WriteStatsAsync(directory);
    }

    private static IEnumerable<NamedTensor> Weights(Random rng)
    {
        foreach (var t in Backbone(rng)) yield return t;
        for (var l = 0; l < 4; l++)
        {
            foreach (var t in Attention(rng, $"model.encoder.layers.{l}.self_attn")) yield return t;
            foreach (var t in FeedForwardAndNorms(rng, $"model.encoder.layers.{l}", 2)) yield return t;
        }
        foreach (var t in Attention(rng, "model.decoder.layers.0.self_attn")) yield return t;
        foreach (var t in Attention(rng, "model.decoder.layers.0.multihead_attn")) yield return t;
        foreach (var t in FeedForwardAndNorms(rng, "model.decoder.layers.0", 3)) yield return t;
        foreach (var t in Norm(rng, "model.decoder.norm")) yield return t;
        yield return Random(rng, "model.encoder_robot_state_input_proj.weight", Dim, StateDim);
        yield return Random(rng, "model.encoder_robot_state_input_proj.bias", Dim);
        yield return Random(rng, "model.encoder_latent_input_proj.weight", Dim, Latent);
        yield return Random(rng, "model.encoder_latent_input_proj.bias", Dim);
        yield return Random(rng, "model.encoder_img_feat_input_proj.weight", Dim, 512, 1, 1);
        yield return Random(rng, "model.encoder_img_feat_input_proj.bias", Dim);
        yield return Random(rng, "model.encoder_1d_feature_pos_embed.weight", 2, Dim);
        yield return Random(rng, "model.decoder_pos_embed.weight", Chunk, Dim);
        yield return Random(rng, "model.action_head.weight", ActionDim, Dim);
        yield return Random(rng, "model.action_head.bias", ActionDim);
    }

    private static IEnumerable<NamedTensor> Backbone(Random rng)
    {
        foreach (var t in ConvBn(rng, "model.backbone.conv1", "model.backbone.bn1", 3, 64, 7)) yield return t;
        int[] channels = [64, 128, 256, 512];
        var inC = 64;
        for (var stage = 0; stage < 4; stage++)
        for (var i = 0; i < 2; i++)
        {
            var p = $"model.backbone.layer{stage + 1}.{i}";
            var c = channels[stage];
            foreach (var t in ConvBn(rng, p + ".conv1", p + ".bn1", inC, c, 3)) yield return t;
            foreach (var t in ConvBn(rng, p + ".conv2", p + ".bn2", c, c, 3)) yield return t;
            if (stage > 0 && i == 0)
                foreach (var t in ConvBn(rng, p + ".downsample.0", p + ".downsample.1", inC, c, 1)) yield return t;
            inC = c;
        }
    }

    private static IEnumerable<NamedTensor> ConvBn(Random rng, string conv, string bn, int inC, int outC, int k)
    {
        yield return Random(rng, conv + ".weight", outC, inC, k, k);
        yield return Random(rng, bn + ".weight", outC);
        yield return Random(rng, bn + ".bias", outC);
        yield return Random(rng, bn + ".running_mean", outC);
        yield return new NamedTensor(bn + ".running_var", [outC], Enumerable.Range(0, outC).Select(_ => 0.5f + (float)rng.NextDouble()).ToArray());
    }

    private static IEnumerable<NamedTensor> Attention(Random rng, string p)
    {
        yield return Random(rng, p + ".in_proj_weight", 3 * Dim, Dim);
        yield return Random(rng, p + ".in_proj_bias", 3 * Dim);
        yield return Random(rng, p + ".out_proj.weight", Dim, Dim);
        yield return Random(rng, p + ".out_proj.bias", Dim);
    }

    private static IEnumerable<NamedTensor> FeedForwardAndNorms(Random rng, string p, int norms)
    {
        yield return Random(rng, p + ".linear1.weight", FeedForward, Dim);
        yield return Random(rng, p + ".linear1.bias", FeedForward);
        yield return Random(rng, p + ".linear2.weight", Dim, FeedForward);
        yield return Random(rng, p + ".linear2.bias", Dim);
        for (var i = 1; i <= norms; i++)
            foreach (var t in Norm(rng, $"{p}.norm{i}")) yield return t;
    }

    private static IEnumerable<NamedTensor> Norm(Random rng, string p)
    {
        yield return Random(rng, p + ".weight", Dim);
        yield return Random(rng, p + ".bias", Dim);
    }

    private static NamedTensor Random(Random rng, string name, params int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var fanIn = shape.Length > 1 ? n / shape[0] : 1;
        var scale = 1f / MathF.Sqrt(fanIn);
        var values = new float[n];
        for (var i = 0; i < n; i++) values[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return new NamedTensor(name, shape, values);
    }

    private static async Task WriteStatsAsync(string directory)
    {
        NamedTensor[] stats =
        [
            new("observation.images.front.mean", [3, 1, 1], new[] { 0.485f, 0.456f, 0.406f }),
            new("observation.images.front.std", [3, 1, 1], new[] { 0.229f, 0.224f, 0.225f }),
            new("observation.state.mean", [StateDim], new float[StateDim]),
            new("observation.state.std", [StateDim], Enumerable.Repeat(1f, StateDim).ToArray()),
            new("action.mean", [ActionDim], new float[ActionDim]),
            new("action.std", [ActionDim], Enumerable.Repeat(1f, ActionDim).ToArray()),
        ];
        const string pre = "policy_preprocessor_step_3_normalizer_processor.safetensors";
        const string post = "policy_postprocessor_step_0_unnormalizer_processor.safetensors";
        await SafetensorsWriter.WriteAsync(Path.Combine(directory, pre), stats, CancellationToken.None);
        await SafetensorsWriter.WriteAsync(Path.Combine(directory, post), stats, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(directory, "policy_preprocessor.json"),
            $$"""{"name": "policy_preprocessor", "steps": [{"registry_name": "normalizer_processor", "config": {}, "state_file": "{{pre}}"}]}""");
        await File.WriteAllTextAsync(Path.Combine(directory, "policy_postprocessor.json"),
            $$"""{"name": "policy_postprocessor", "steps": [{"registry_name": "unnormalizer_processor", "config": {}, "state_file": "{{post}}"}]}""");
    }
}
