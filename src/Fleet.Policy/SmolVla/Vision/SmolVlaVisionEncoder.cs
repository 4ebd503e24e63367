using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// SmolVLA's image path after preparation (policies.md §1.3 steps 3–4): the SigLIP tower (patch embedding, position
/// embedding, pre-LN encoder layers, post_layernorm) and the pixel-shuffle connector with its projection. All
/// parameters are read once, widened to fp32 (bf16 exactly) and packed for the GEMM. Activations live in scratch
/// buffers owned by the encoder (the tower runs one image at a time, so they do not grow with the batch; only the
/// connector input does, once, to the largest batch seen); a call allocates only small bookkeeping objects. Calls
/// on one instance are serialized; results do not depend on the thread count.
/// </summary>
public sealed class SmolVlaVisionEncoder
{
    private readonly PatchEmbedding _embedding;
    private readonly SigLipEncoderLayer[] _layers;
    private readonly float[] _postGamma, _postBeta;
    private readonly PixelShuffleConnector _connector;
    private readonly VisionWorkspace _workspace;
    private readonly Lock _gate = new();

    /// <summary>
    /// Loads the tower and the connector from <paramref name="file"/>: the tensors
    /// <c>{prefix}vision_model.embeddings.patch_embedding.{weight,bias}</c>, <c>…position_embedding.weight</c>,
    /// <c>{prefix}vision_model.encoder.layers.{i}.{self_attn.{q,k,v,out}_proj, layer_norm1, layer_norm2, mlp.fc1, mlp.fc2}.{weight,bias}</c>,
    /// <c>{prefix}vision_model.post_layernorm.{weight,bias}</c> and <c>{prefix}connector.modality_projection.proj.weight</c>.
    /// </summary>
    /// <param name="file">The checkpoint's model.safetensors (any float dtype).</param>
    /// <param name="prefix">Module prefix, <c>model.vlm_with_expert.vlm.model.</c> in a LeRobot SmolVLA checkpoint.</param>
    /// <param name="config">Tower sizes.</param>
    /// <param name="textHidden">Width of the VLM's text model, the connector's output width (960).</param>
    /// <exception cref="ArgumentException">The config is inconsistent or <paramref name="textHidden"/> is not positive.</exception>
    /// <exception cref="CheckpointException">A tensor is missing or has another shape; the message names the file, key and shapes.</exception>
    public SmolVlaVisionEncoder(SafetensorsFile file, string prefix, SigLipConfig config, int textHidden)
        : this(VisionWeights.FromFile(file, prefix), config, textHidden)
    {
    }

    private SmolVlaVisionEncoder(VisionWeights weights, SigLipConfig config, int textHidden)
    {
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(textHidden, 1);
        Config = config;
        TextHidden = textHidden;
        _embedding = new PatchEmbedding(weights, config);
        _layers = new SigLipEncoderLayer[config.Layers];
        for (int i = 0; i < config.Layers; i++)
            _layers[i] = new SigLipEncoderLayer(weights, $"vision_model.encoder.layers.{i}.", config);
        _postGamma = weights.Read("vision_model.post_layernorm.weight", config.Hidden);
        _postBeta = weights.Read("vision_model.post_layernorm.bias", config.Hidden);
        _connector = new PixelShuffleConnector(weights, config, textHidden);
        _workspace = new VisionWorkspace(config);
    }

    /// <summary>
    /// An encoder with seeded pseudo-random parameters of the right shapes, for benchmarks and tests: a forward pass
    /// costs what a trained one does, but its output means nothing.
    /// </summary>
    public static SmolVlaVisionEncoder WithRandomWeights(SigLipConfig config, int textHidden, int seed) =>
        new(VisionWeights.Random(seed), config, textHidden);

    /// <summary>The tower's sizes.</summary>
    public SigLipConfig Config { get; }

    /// <summary>Width of an output token (the text model's hidden size).</summary>
    public int TextHidden { get; }

    /// <summary>Output tokens per image (64 for smolvla_base).</summary>
    public int TokensPerImage => Config.TokensPerImage;

    /// <summary>
    /// Encodes <paramref name="batch"/> prepared images (<c>[batch, 3, S, S]</c> in [−1, 1], as
    /// <see cref="ImagePreparation.ResizeWithPad"/> writes them) into <paramref name="output"/>
    /// <c>[batch, TokensPerImage, TextHidden]</c>: the connector output, NOT yet multiplied by √TextHidden.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer's length does not match the batch.</exception>
    public void Encode(ReadOnlySpan<float> images, int batch, Span<float> output, Parallelism parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentNullException.ThrowIfNull(parallelism);
        int s = Config.ImageSize, imageValues = 3 * s * s, tokens = TokensPerImage;
        if (images.Length != (long)batch * imageValues)
            throw new ArgumentException($"Images hold {images.Length} values; [{batch}, 3, {s}, {s}] needs {(long)batch * imageValues}.", nameof(images));
        if (output.Length != (long)batch * tokens * TextHidden)
            throw new ArgumentException($"Output holds {output.Length} values; [{batch}, {tokens}, {TextHidden}] needs {(long)batch * tokens * TextHidden}.", nameof(output));
        lock (_gate)
        {
            var shuffled = _workspace.Shuffled(batch);
            int width = Config.ShuffledWidth;
            for (int b = 0; b < batch; b++)
            {
                RunTower(images.Slice(b * imageValues, imageValues), parallelism);
                _connector.Shuffle(_workspace.Hidden, shuffled.AsSpan(b * tokens * width, tokens * width));
            }
            // One projection for the whole batch: its 12288×960 weight is streamed once, not once per image.
            _connector.Project(shuffled.AsSpan(0, batch * tokens * width), batch * tokens, output, parallelism);
        }
    }

    /// <summary>Runs the tower on one image; the post-LayerNorm hidden states are left in the workspace.</summary>
    private void RunTower(ReadOnlySpan<float> image, Parallelism parallelism)
    {
        int patches = Config.Patches, d = Config.Hidden;
        _embedding.Forward(image, _workspace, parallelism);
        foreach (var layer in _layers)
            layer.Forward(_workspace, patches, parallelism);
        float[] h = _workspace.Hidden;
        RowRanges.For(parallelism, patches, d, (r0, r1) => VectorLayerNorm.Forward(h, h, d, r0, r1, _postGamma, _postBeta, Config.LayerNormEps));
    }
}
