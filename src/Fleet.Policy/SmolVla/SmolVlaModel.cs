using Fleet.Policy.Checkpoints;
using Fleet.Policy.FlowMatching;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// SmolVLA's network after the vision tower, on model-space tensors (LeRobot's <c>VLAFlowMatching</c> minus the
/// image encoder): prefix embeddings, the prefix prefill through the VLM text layers into a <see cref="PrefixCache"/>,
/// then the flow-matching loop of the action expert. Weights are read once into packed fp32 (bf16 widened exactly),
/// so the model outlives the checkpoint file. Batched over observations; results do not depend on the thread count.
/// One instance serves one caller at a time (it keeps scratch buffers).
/// </summary>
public sealed class SmolVlaModel
{
    /// <summary>Longest language sequence the model accepts (RoPE table size headroom).</summary>
    public const int MaxLanguageTokens = 2048;

    private const string TextPrefix = "model.vlm_with_expert.vlm.model.text_model.";
    private readonly float[] _embeddings;
    private readonly PackedLinear _stateProjection;
    private readonly SmolVlaTextModel _text;
    private readonly ActionExpert _expert;
    private readonly float _imageScale;
    private readonly float _languageScale;

    /// <summary>Loads the text layers, expert and projections from <paramref name="file"/>.</summary>
    /// <exception cref="CheckpointException">A tensor is missing or has a shape other than the config implies; the
    /// message names the file, the key and both shapes.</exception>
    public SmolVlaModel(SmolVlaConfig config, SmolVlaDimensions dims, SafetensorsFile file)
    {
        Config = config;
        Dimensions = dims;
        var text = dims.Text;
        int cameras = config.Images.Count + config.EmptyCameras;
        var rope = new RotaryTable(text.HeadDim, Math.Max(config.PrefixLength, 0) + cameras * dims.Vision.TokensPerImage + MaxLanguageTokens + 1 + config.ChunkSize);
        _embeddings = file.ReadFloat32(TextPrefix + "embed_tokens.weight", text.VocabSize, text.Hidden);
        _stateProjection = PackedLinear.Read(file, "model.state_proj", config.MaxStateDim, text.Hidden, bias: true);
        _text = new SmolVlaTextModel(file, TextPrefix, text, config.NumVlmLayers, rope);
        _expert = new ActionExpert(file, config, dims, rope);
        // LeRobot scales image tokens by a tensor of the embeddings' dtype and language tokens by a Python float;
        // in fp32 both round to the same value.
        _imageScale = (float)Math.Sqrt(text.Hidden);
        _languageScale = (float)Math.Sqrt(text.Hidden);
        Sampler = new EulerSampler(config.NumSteps);
    }

    /// <summary>The policy config.</summary>
    public SmolVlaConfig Config { get; }

    /// <summary>Network sizes.</summary>
    public SmolVlaDimensions Dimensions { get; }

    /// <summary>The Euler sampler (<c>num_steps</c> steps).</summary>
    public EulerSampler Sampler { get; }

    /// <summary>
    /// Builds each observation's prefix and runs it through the text layers. <paramref name="imageTokens"/> is the
    /// connector output (before the √hidden scale) <c>[batch, cameras, tokens, hidden]</c>; <paramref name="language"/>
    /// holds the token ids and attention mask (masked tokens are dropped); <paramref name="state"/> is the normalized
    /// state <c>[batch, state_dim]</c> (zero-padded here to max_state_dim).
    /// </summary>
    /// <exception cref="ArgumentException">A size disagrees with the config; the message says which.</exception>
    public PrefixCache Prefill(int batch, ReadOnlySpan<float> imageTokens, int cameras, LanguageTokens language, ReadOnlySpan<float> state, Parallelism parallelism)
    {
        var text = Dimensions.Text;
        int h = text.Hidden, perImage = Dimensions.Vision.TokensPerImage;
        if (imageTokens.Length != batch * cameras * perImage * h)
            throw new ArgumentException($"Image tokens hold {imageTokens.Length} values; [{batch}, {cameras}, {perImage}, {h}] was expected.");
        if (state.Length != batch * Config.StateDim)
            throw new ArgumentException($"State holds {state.Length} values; [{batch}, {Config.StateDim}] was expected.");
        if (language.Batch != batch)
            throw new ArgumentException($"Language tokens are for {language.Batch} observations; the batch has {batch}.");
        if (language.Length > MaxLanguageTokens)
            throw new ArgumentException($"Language sequences of {language.Length} tokens exceed the {MaxLanguageTokens} this model supports.");

        var lengths = new int[batch];
        for (int b = 0; b < batch; b++) lengths[b] = cameras * perImage + language.ValidCount(b) + 1;
        int rows = lengths.Sum();
        var x = new float[rows * h];
        var flags = new int[rows];
        var paddedState = new float[batch * Config.MaxStateDim];
        for (int b = 0; b < batch; b++)
            state.Slice(b * Config.StateDim, Config.StateDim).CopyTo(paddedState.AsSpan(b * Config.MaxStateDim));
        var projectedState = new float[batch * h];
        _stateProjection.Forward(paddedState, batch, projectedState, parallelism);

        int at = 0;
        for (int b = 0; b < batch; b++)
        {
            var images = x.AsSpan(at * h, cameras * perImage * h);
            imageTokens.Slice(b * cameras * perImage * h, cameras * perImage * h).CopyTo(images);
            System.Numerics.Tensors.TensorPrimitives.Multiply(images, _imageScale, images);
            at += cameras * perImage;
            var ids = language.ValidIds(b);
            var words = x.AsSpan(at * h, ids.Length * h);
            Embedding.Lookup(_embeddings, h, ids, words);
            System.Numerics.Tensors.TensorPrimitives.Multiply(words, _languageScale, words);
            at += ids.Length;
            projectedState.AsSpan(b * h, h).CopyTo(x.AsSpan(at * h, h));
            flags[at] = 1;
            at++;
        }
        return _text.Prefill(x, lengths, flags, parallelism);
    }

    /// <summary>
    /// Denoises <paramref name="noise"/> <c>[batch, chunk_size, max_action_dim]</c> against the prefix and returns the
    /// normalized, still padded action chunk of the same shape. <paramref name="onStep"/>, when given, sees each Euler
    /// step's index, velocity and the state it was evaluated at (for debugging against a reference).
    /// </summary>
    public float[] Denoise(PrefixCache prefix, ReadOnlySpan<float> noise, Parallelism parallelism, Action<int, ReadOnlySpan<float>, ReadOnlySpan<float>>? onStep = null)
    {
        int count = prefix.Batch * Config.ChunkSize * Config.MaxActionDim;
        if (noise.Length != count)
            throw new ArgumentException($"Noise holds {noise.Length} values; [{prefix.Batch}, {Config.ChunkSize}, {Config.MaxActionDim}] was expected.");
        var chunk = _expert.Prepare(prefix, parallelism);
        var x = noise.ToArray();
        var velocity = new float[count];
        Sampler.Sample(x, (current, _, step, v) =>
        {
            _expert.Velocity(chunk, current, step, v, parallelism);
            onStep?.Invoke(step, v, current);
        }, velocity);
        return x;
    }
}
