using System.Text.Json;
using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.Act;

/// <summary>
/// The shape of a random-weight ACT checkpoint (see <see cref="RandomActCheckpoint"/>). <see cref="LeRobotDefault"/> is
/// LeRobot's default architecture (ResNet-18, d_model 512, 8 heads, feed-forward 3200, 4 encoder + 1 decoder layers,
/// chunk 100) for an SO-101 with one camera.
/// </summary>
/// <param name="StateDim">Length of <c>observation.state</c>.</param>
/// <param name="ActionDim">Length of one action.</param>
/// <param name="Dim">The transformer's width (<c>dim_model</c>).</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="FeedForward">Feed-forward width.</param>
/// <param name="EncoderLayers">Encoder layers.</param>
/// <param name="Chunk">Actions per chunk.</param>
/// <param name="Latent">VAE latent width.</param>
/// <param name="Height">The camera <c>front</c>'s height.</param>
/// <param name="Width">The camera <c>front</c>'s width.</param>
/// <param name="Seed">Seed of the weights.</param>
public sealed record RandomActSpec(
    int StateDim, int ActionDim, int Dim, int Heads, int FeedForward, int EncoderLayers, int Chunk, int Latent, int Height, int Width, int Seed)
{
    /// <summary>LeRobot's default ACT for a 6-joint arm and one camera of the given size.</summary>
    public static RandomActSpec LeRobotDefault(int height, int width) => new(6, 6, 512, 8, 3200, 4, 100, 32, height, width, Seed: 8);

    /// <summary>Mean and std of the state; zero and one when null.</summary>
    public (float[] Mean, float[] Std)? StateStats { get; init; }

    /// <summary>Mean and std of the action; zero and one when null.</summary>
    public (float[] Mean, float[] Std)? ActionStats { get; init; }
}

/// <summary>
/// Writes a complete LeRobot ACT checkpoint folder (config.json, model.safetensors under LeRobot's tensor names, and
/// normalization stats in the processor layout) with random weights: for speed measurements (a forward pass costs the
/// same whatever the weights) and for tests of loading and input validation without PyTorch. The predictions mean nothing.
/// </summary>
public static class RandomActCheckpoint
{
    private const string PreprocessorState = "policy_preprocessor_step_3_normalizer_processor.safetensors";
    private const string PostprocessorState = "policy_postprocessor_step_0_unnormalizer_processor.safetensors";

    /// <summary>Writes the checkpoint into <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The checkpoint folder.</param>
    /// <param name="spec">The architecture and sizes.</param>
    /// <param name="type">The policy type written into config.json (tests write a wrong one on purpose).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public static async Task WriteAsync(string directory, RandomActSpec spec, string type = "act", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Directory.CreateDirectory(directory);
        var config = new Dictionary<string, object?>
        {
            ["type"] = type,
            ["input_features"] = new Dictionary<string, object>
            {
                ["observation.state"] = new { type = "STATE", shape = new[] { spec.StateDim } },
                ["observation.images.front"] = new { type = "VISUAL", shape = new[] { 3, spec.Height, spec.Width } },
            },
            ["output_features"] = new Dictionary<string, object> { ["action"] = new { type = "ACTION", shape = new[] { spec.ActionDim } } },
            ["normalization_mapping"] = new { VISUAL = "MEAN_STD", STATE = "MEAN_STD", ACTION = "MEAN_STD" },
            ["chunk_size"] = spec.Chunk, ["n_action_steps"] = spec.Chunk, ["dim_model"] = spec.Dim, ["n_heads"] = spec.Heads,
            ["dim_feedforward"] = spec.FeedForward, ["feedforward_activation"] = "relu", ["n_encoder_layers"] = spec.EncoderLayers,
            ["n_decoder_layers"] = 1, ["latent_dim"] = spec.Latent, ["pre_norm"] = false, ["vision_backbone"] = "resnet18",
            ["replace_final_stride_with_dilation"] = false, ["temporal_ensemble_coeff"] = null,
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "config.json"), JsonSerializer.Serialize(config), cancellationToken).ConfigureAwait(false);
        var weights = new Weights(new Random(spec.Seed), spec);
        await SafetensorsWriter.WriteAsync(Path.Combine(directory, "model.safetensors"), weights.All().ToList(), cancellationToken).ConfigureAwait(false);
        await WriteStatsAsync(directory, spec, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteStatsAsync(string directory, RandomActSpec spec, CancellationToken cancellationToken)
    {
        var (stateMean, stateStd) = spec.StateStats ?? (new float[spec.StateDim], Enumerable.Repeat(1f, spec.StateDim).ToArray());
        var (actionMean, actionStd) = spec.ActionStats ?? (new float[spec.ActionDim], Enumerable.Repeat(1f, spec.ActionDim).ToArray());
        NamedTensor[] stats =
        [
            new("observation.images.front.mean", [3, 1, 1], new[] { 0.485f, 0.456f, 0.406f }),
            new("observation.images.front.std", [3, 1, 1], new[] { 0.229f, 0.224f, 0.225f }),
            new("observation.state.mean", [spec.StateDim], stateMean),
            new("observation.state.std", [spec.StateDim], stateStd),
            new("action.mean", [spec.ActionDim], actionMean),
            new("action.std", [spec.ActionDim], actionStd),
        ];
        await SafetensorsWriter.WriteAsync(Path.Combine(directory, PreprocessorState), stats, cancellationToken).ConfigureAwait(false);
        await SafetensorsWriter.WriteAsync(Path.Combine(directory, PostprocessorState), stats, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "policy_preprocessor.json"),
            $$"""{"name": "policy_preprocessor", "steps": [{"registry_name": "normalizer_processor", "config": {}, "state_file": "{{PreprocessorState}}"}]}""",
            cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "policy_postprocessor.json"),
            $$"""{"name": "policy_postprocessor", "steps": [{"registry_name": "unnormalizer_processor", "config": {}, "state_file": "{{PostprocessorState}}"}]}""",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tensors, drawn in a fixed order from one generator so a seed always gives the same checkpoint.</summary>
    private sealed class Weights(Random rng, RandomActSpec spec)
    {
        public IEnumerable<NamedTensor> All()
        {
            foreach (var t in Backbone()) yield return t;
            for (var l = 0; l < spec.EncoderLayers; l++)
            {
                foreach (var t in Attention($"model.encoder.layers.{l}.self_attn")) yield return t;
                foreach (var t in FeedForwardAndNorms($"model.encoder.layers.{l}", 2)) yield return t;
            }
            foreach (var t in Attention("model.decoder.layers.0.self_attn")) yield return t;
            foreach (var t in Attention("model.decoder.layers.0.multihead_attn")) yield return t;
            foreach (var t in FeedForwardAndNorms("model.decoder.layers.0", 3)) yield return t;
            foreach (var t in Norm("model.decoder.norm")) yield return t;
            yield return Uniform("model.encoder_robot_state_input_proj.weight", spec.Dim, spec.StateDim);
            yield return Uniform("model.encoder_robot_state_input_proj.bias", spec.Dim);
            yield return Uniform("model.encoder_latent_input_proj.weight", spec.Dim, spec.Latent);
            yield return Uniform("model.encoder_latent_input_proj.bias", spec.Dim);
            yield return Uniform("model.encoder_img_feat_input_proj.weight", spec.Dim, 512, 1, 1);
            yield return Uniform("model.encoder_img_feat_input_proj.bias", spec.Dim);
            yield return Uniform("model.encoder_1d_feature_pos_embed.weight", 2, spec.Dim);
            yield return Uniform("model.decoder_pos_embed.weight", spec.Chunk, spec.Dim);
            yield return Uniform("model.action_head.weight", spec.ActionDim, spec.Dim);
            yield return Uniform("model.action_head.bias", spec.ActionDim);
        }

        private IEnumerable<NamedTensor> Backbone()
        {
            foreach (var t in ConvBn("model.backbone.conv1", "model.backbone.bn1", 3, 64, 7)) yield return t;
            int[] channels = [64, 128, 256, 512];
            var inC = 64;
            for (var stage = 0; stage < 4; stage++)
            {
                for (var i = 0; i < 2; i++)
                {
                    var p = $"model.backbone.layer{stage + 1}.{i}";
                    var c = channels[stage];
                    foreach (var t in ConvBn(p + ".conv1", p + ".bn1", inC, c, 3)) yield return t;
                    foreach (var t in ConvBn(p + ".conv2", p + ".bn2", c, c, 3)) yield return t;
                    if (stage > 0 && i == 0)
                        foreach (var t in ConvBn(p + ".downsample.0", p + ".downsample.1", inC, c, 1)) yield return t;
                    inC = c;
                }
            }
        }

        private IEnumerable<NamedTensor> ConvBn(string conv, string bn, int inC, int outC, int k)
        {
            yield return Uniform(conv + ".weight", outC, inC, k, k);
            yield return Uniform(bn + ".weight", outC);
            yield return Uniform(bn + ".bias", outC);
            yield return Uniform(bn + ".running_mean", outC);
            yield return new NamedTensor(bn + ".running_var", [outC], Enumerable.Range(0, outC).Select(_ => 0.5f + (float)rng.NextDouble()).ToArray());
        }

        private IEnumerable<NamedTensor> Attention(string p)
        {
            yield return Uniform(p + ".in_proj_weight", 3 * spec.Dim, spec.Dim);
            yield return Uniform(p + ".in_proj_bias", 3 * spec.Dim);
            yield return Uniform(p + ".out_proj.weight", spec.Dim, spec.Dim);
            yield return Uniform(p + ".out_proj.bias", spec.Dim);
        }

        private IEnumerable<NamedTensor> FeedForwardAndNorms(string p, int norms)
        {
            yield return Uniform(p + ".linear1.weight", spec.FeedForward, spec.Dim);
            yield return Uniform(p + ".linear1.bias", spec.FeedForward);
            yield return Uniform(p + ".linear2.weight", spec.Dim, spec.FeedForward);
            yield return Uniform(p + ".linear2.bias", spec.Dim);
            for (var i = 1; i <= norms; i++)
                foreach (var t in Norm($"{p}.norm{i}")) yield return t;
        }

        private IEnumerable<NamedTensor> Norm(string p)
        {
            yield return Uniform(p + ".weight", spec.Dim);
            yield return Uniform(p + ".bias", spec.Dim);
        }

        // Uniform in ±1/sqrt(fan-in), like PyTorch's default initialisation, so activations stay in a sane range.
        private NamedTensor Uniform(string name, params int[] shape)
        {
            var n = shape.Aggregate(1, (a, b) => a * b);
            var scale = 1f / MathF.Sqrt(shape.Length > 1 ? n / shape[0] : 1);
            var values = new float[n];
            for (var i = 0; i < n; i++) values[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
            return new NamedTensor(name, shape, values);
        }
    }
}
