using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// SmolVLA's image path after preparation (policies.md §1.3 steps 3–4): the SigLIP tower (patch embedding, position
/// embedding, pre-LN encoder layers, post_layernorm) and the pixel-shuffle connector with its projection. All
/// parameters are read once, widened to fp32 (bf16 exactly) and packed for the GEMM. Activations live in scratch
/// buffers owned by the encoder (one set per image in flight, see <see cref="ConcurrentImages"/>; only the connector
/// input grows with the batch, once, to the largest batch seen); a call allocates only small bookkeeping objects. Calls
/// on one instance are serialized; results do not depend on the thread count.
/// </summary>
public sealed unsafe class SmolVlaVisionEncoder
{
    private readonly PatchEmbedding _embedding;
    private readonly SigLipEncoderLayer[] _layers;
    private readonly float[] _postGamma, _postBeta;
    private readonly PixelShuffleConnector _connector;
    private readonly List<VisionWorkspace> _workspaces = [];
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
        _workspaces.Add(new VisionWorkspace(config));
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
    /// When true (the default) and a call has at least two images and two threads, images run side by side, each
    /// through the whole tower on one thread with its own scratch buffers; a leftover image (an odd count) runs with
    /// every thread on each GEMM. When false, images run one after another, each split over all threads. The output
    /// is bit-identical either way; side by side has no joins or column splits, which measured faster at 2 threads
    /// (docs/policy.md, Speed). Each extra concurrent image keeps ~19 MB of scratch at full size.
    /// </summary>
    public bool ConcurrentImages { get; set; } = true;

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
            var shuffled = _workspaces[0].Shuffled(batch);
            int span = tokens * Config.ShuffledWidth;
            int side = ConcurrentImages ? Math.Min(parallelism.ThreadCount, batch) : 1;
            int done = 0;
            if (side > 1)
            {
                var single = Parallelism.Single();
                EnsureWorkspaces(side);
                fixed (float* pinned = images)
                {
                    nint source = (nint)pinned;
                    for (; done + side <= batch; done += side)
                    {
                        int first = done;
                        parallelism.For(side, t => EncodeOne(new ReadOnlySpan<float>((float*)source + (long)(first + t) * imageValues, imageValues),
                            _workspaces[t], shuffled.AsSpan((first + t) * span, span), single));
                    }
                }
            }
            for (int b = done; b < batch; b++)
                EncodeOne(images.Slice(b * imageValues, imageValues), _workspaces[0], shuffled.AsSpan(b * span, span), parallelism);
            // One projection for the whole batch: its 12288×960 weight is streamed once, not once per image.
            _connector.Project(shuffled.AsSpan(0, batch * span), batch * tokens, output, parallelism);
        }
    }

    private void EnsureWorkspaces(int count)
    {
        while (_workspaces.Count < count)
            _workspaces.Add(new VisionWorkspace(Config));
    }

    /// <summary>Runs the tower on one image and shuffles its hidden states into <paramref name="shuffled"/>.</summary>
    private void EncodeOne(ReadOnlySpan<float> image, VisionWorkspace workspace, Span<float> shuffled, Parallelism parallelism)
    {
        RunTower(image, workspace, parallelism);
        _connector.Shuffle(workspace.Hidden, shuffled);
    }

    /// <summary>Runs the tower on one image; the post-LayerNorm hidden states are left in the workspace.</summary>
    private void RunTower(ReadOnlySpan<float> image, VisionWorkspace workspace, Parallelism parallelism)
    {
        int patches = Config.Patches, d = Config.Hidden;
        _embedding.Forward(image, workspace, parallelism);
        foreach (var layer in _layers)
            layer.Forward(workspace, patches, parallelism);
        float[] h = workspace.Hidden;
        RowRanges.For(parallelism, patches, d, (r0, r1) => VectorLayerNorm.Forward(h, h, d, r0, r1, _postGamma, _postBeta, Config.LayerNormEps));
    }
}
