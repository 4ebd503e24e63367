using System.Diagnostics;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.FlowMatching;
using Fleet.Policy.SmolVla.Vision;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// SmolVLA as an <see cref="IPolicy"/>: LeRobot's pre-processing (state normalized, images resized with padding to the
/// square input and mapped to [−1, 1], task text tokenized with a newline appended), the vision tower, the
/// <see cref="SmolVlaModel"/>, then the first <c>action_dim</c> values of each action un-normalized. Images may have any
/// size. Noise for <see cref="PredictAsync"/> comes from <see cref="GaussianNoise"/> with seed <c>noiseSeed + call index</c>,
/// so an instance's sequence of chunks is reproducible. One instance serves one worker at a time.
/// </summary>
public sealed class SmolVlaPolicy : IPolicy
{
    /// <summary>The weight prefix of the VLM (vision tower, connector, text model) inside model.safetensors.</summary>
    public const string VlmPrefix = "model.vlm_with_expert.vlm.model.";

    private readonly SmolVlaVisionEncoder _vision;
    private readonly NormalizationStats _stats;
    private readonly Parallelism _parallelism;
    private readonly Func<IReadOnlyList<string>, LanguageTokens>? _tokenize;
    private readonly ulong _noiseSeed;
    private ulong _calls;

    private SmolVlaPolicy(SmolVlaModel model, SmolVlaVisionEncoder vision, NormalizationStats stats, Parallelism parallelism,
        Func<IReadOnlyList<string>, LanguageTokens>? tokenize, ulong noiseSeed, IReadOnlyList<string> notes)
    {
        Model = model;
        _vision = vision;
        _stats = stats;
        _parallelism = parallelism;
        _tokenize = tokenize;
        _noiseSeed = noiseSeed;
        LoadNotes = notes;
        var config = model.Config;
        Descriptor = new PolicyDescriptor("smolvla", config.ChunkSize, config.StateDim, config.ActionDim,
            config.Images.Select(i => new ImageSpec(ActPolicy.CameraKey(i.Key), 0, 0)).ToList(), TakesTask: true);
    }

    /// <inheritdoc />
    public PolicyDescriptor Descriptor { get; }

    /// <summary>The network.</summary>
    public SmolVlaModel Model { get; }

    /// <summary>The parsed config.</summary>
    public SmolVlaConfig Config => Model.Config;

    /// <summary>Things worth a log line found while loading (for example stats that do not match the feature keys).</summary>
    public IReadOnlyList<string> LoadNotes { get; }

    /// <summary>True when task text can be tokenized (a tokenizer was supplied at load).</summary>
    public bool HasTokenizer => _tokenize is not null;

    /// <summary>
    /// Loads a SmolVLA checkpoint folder: config.json, vlm_config.json when present (else smolvla_base's sizes),
    /// model.safetensors and normalization stats in either layout. <paramref name="tokenize"/> turns task texts into
    /// tokens for <see cref="PredictAsync"/> (see <see cref="SmolVlaTaskTokenizer.Tokenize"/>); without it only token inputs work.
    /// </summary>
    /// <exception cref="CheckpointException">The folder is not a usable SmolVLA checkpoint; names the file and key.</exception>
    public static SmolVlaPolicy Load(string directory, Parallelism? parallelism = null,
        Func<IReadOnlyList<string>, LanguageTokens>? tokenize = null, ulong noiseSeed = 0)
    {
        using var checkpoint = LeRobotCheckpoint.Open(directory);
        if (checkpoint.PolicyType != "smolvla")
            throw new CheckpointException($"{checkpoint.ConfigPath}: policy type is '{checkpoint.PolicyType}', not 'smolvla'.");
        var config = SmolVlaConfig.Parse(checkpoint.Config, checkpoint.ConfigPath);
        var dims = SmolVlaDimensions.Load(directory, config);
        if (config.ImageSize != dims.Vision.ImageSize)
            throw new CheckpointException($"{checkpoint.ConfigPath}: resize_imgs_with_padding is {config.ImageSize} but the vision tower ({dims.Source}) takes {dims.Vision.ImageSize}x{dims.Vision.ImageSize} images.");
        var model = new SmolVlaModel(config, dims, checkpoint.Model);
        var vision = new SmolVlaVisionEncoder(checkpoint.Model, VlmPrefix, dims.Vision, dims.Text.Hidden);
        var stats = checkpoint.LoadStats(["observation.state", "action"]);
        var notes = StatsNotes(directory, config, stats);
        return new SmolVlaPolicy(model, vision, stats, parallelism ?? Parallelism.Default(), tokenize, noiseSeed, notes);
    }

    /// <summary>
    /// Predicts from raw tensors: <paramref name="state"/> <c>[batch, state_dim]</c>, one <see cref="CameraImages"/> per
    /// camera in config order, tokenized task text, and <paramref name="noise"/> <c>[batch, chunk_size, max_action_dim]</c>.
    /// Returns un-normalized actions <c>[batch, chunk_size, action_dim]</c>; inputs are not modified.
    /// </summary>
    /// <exception cref="PolicyInputException">A size disagrees with the config; the message names the input.</exception>
    public float[] Predict(int batch, ReadOnlySpan<float> state, IReadOnlyList<CameraImages> images, LanguageTokens language,
        ReadOnlySpan<float> noise, Action<SmolVlaTimings>? timings = null)
    {
        var config = Config;
        Check(batch, state, images, language, noise);
        var clock = Stopwatch.StartNew();
        var normalizedState = state.ToArray();
        if (_stats.For("observation.state") is { } st && Mode("STATE") is var stateMode && st.Supports(stateMode))
            st.Normalize(stateMode, normalizedState, 1);
        var tokens = EncodeImages(batch, images);
        double visionMs = clock.Elapsed.TotalMilliseconds;
        var prefix = Model.Prefill(batch, tokens, images.Count, language, normalizedState, _parallelism);
        double prefixMs = clock.Elapsed.TotalMilliseconds;
        var padded = Model.Denoise(prefix, noise, _parallelism);
        timings?.Invoke(new SmolVlaTimings(prefixMs, clock.Elapsed.TotalMilliseconds - prefixMs) { VisionMs = visionMs });
        return Unpad(batch, padded);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PolicyOutput>> PredictAsync(IReadOnlyList<PolicyInput> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count == 0)
            return ValueTask.FromResult<IReadOnlyList<PolicyOutput>>([]);
        if (_tokenize is null)
            throw new PolicyInputException("This SmolVLA policy was loaded without a tokenizer, so it cannot read task text; load it through LeRobotPolicyLoader (which locates tokenizer.json) or pass tokens.");
        var (state, images) = SmolVlaInputs.FromInputs(batch, Descriptor);
        var language = _tokenize(batch.Select(i => i.Task).ToList());
        var noise = GaussianNoise.Create(_noiseSeed + _calls++, batch.Count * Config.ChunkSize * Config.MaxActionDim);
        var actions = Predict(batch.Count, state, images, language, noise);
        int per = Config.ChunkSize * Config.ActionDim;
        IReadOnlyList<PolicyOutput> outputs = Enumerable.Range(0, batch.Count)
            .Select(i => new PolicyOutput(actions.AsMemory(i * per, per), Config.ActionDim)).ToList();
        return ValueTask.FromResult(outputs);
    }

    /// <summary>
    /// Prepares and encodes every camera of every observation in one call, observation-major, so the encoder's output
    /// is already <c>[batch, cameras, tokens, hidden]</c> and it can run two images side by side.
    /// </summary>
    private float[] EncodeImages(int batch, IReadOnlyList<CameraImages> images)
    {
        int size = Config.ImageSize, perImage = _vision.TokensPerImage, hidden = _vision.TextHidden, plane = 3 * size * size;
        int cameras = images.Count;
        var tokens = new float[batch * cameras * perImage * hidden];
        var prepared = new float[batch * cameras * plane];
        for (int c = 0; c < cameras; c++)
        {
            var camera = images[c];
            int raw = 3 * camera.Height * camera.Width;
            for (int b = 0; b < batch; b++)
                ImagePreparation.ResizeWithPad(camera.Chw.AsSpan(b * raw, raw), camera.Height, camera.Width, size,
                    prepared.AsSpan((b * cameras + c) * plane, plane));
        }
        _vision.Encode(prepared, batch * cameras, tokens, _parallelism);
        return tokens;
    }

    private float[] Unpad(int batch, float[] padded)
    {
        var config = Config;
        int chunk = config.ChunkSize, a = config.ActionDim, max = config.MaxActionDim;
        var actions = new float[batch * chunk * a];
        for (int r = 0; r < batch * chunk; r++)
            padded.AsSpan(r * max, a).CopyTo(actions.AsSpan(r * a));
        if (_stats.For("action") is { } stats && Mode("ACTION") is var mode && stats.Supports(mode))
            stats.Unnormalize(mode, actions, 1);
        return actions;
    }

    private void Check(int batch, ReadOnlySpan<float> state, IReadOnlyList<CameraImages> images, LanguageTokens language, ReadOnlySpan<float> noise)
    {
        var config = Config;
        if (batch < 1)
            throw new PolicyInputException($"Batch size must be at least 1, got {batch}.");
        if (state.Length != batch * config.StateDim)
            throw new PolicyInputException($"observation.state holds {state.Length} values; the smolvla policy expects [{batch}, {config.StateDim}].");
        if (images.Count != config.Images.Count)
            throw new PolicyInputException($"{images.Count} cameras given; the smolvla policy expects {config.Images.Count} ({string.Join(", ", config.Images.Select(i => i.Key))}).");
        for (int c = 0; c < images.Count; c++)
            if (images[c].Height < 1 || images[c].Width < 1 || images[c].Chw.Length != batch * 3 * images[c].Height * images[c].Width)
                throw new PolicyInputException($"{config.Images[c].Key} holds {images[c].Chw.Length} values; [{batch}, 3, {images[c].Height}, {images[c].Width}] needs {batch * 3 * images[c].Height * images[c].Width}.");
        if (language.Batch != batch)
            throw new PolicyInputException($"observation.language.tokens has {language.Batch} rows; the batch has {batch}.");
        if (language.Length > SmolVlaModel.MaxLanguageTokens)
            throw new PolicyInputException($"observation.language.tokens has {language.Length} tokens per row; at most {SmolVlaModel.MaxLanguageTokens} are supported.");
        int vocab = Model.Dimensions.Text.VocabSize;
        for (int b = 0; b < batch; b++)
            foreach (int id in language.ValidIds(b))
                if ((uint)id >= (uint)vocab)
                    throw new PolicyInputException($"observation.language.tokens row {b} holds id {id}, outside the vocabulary of {vocab} tokens (a tokenizer of another model?).");
        if (noise.Length != batch * config.ChunkSize * config.MaxActionDim)
            throw new PolicyInputException($"noise holds {noise.Length} values; the smolvla policy expects [{batch}, {config.ChunkSize}, {config.MaxActionDim}].");
    }

    private NormalizationMode Mode(string type) => Config.Normalization.GetValueOrDefault(type, NormalizationMode.Identity);

    private static List<string> StatsNotes(string directory, SmolVlaConfig config, NormalizationStats stats)
    {
        var notes = new List<string>();
        foreach (var (key, type) in new[] { ("observation.state", "STATE"), ("action", "ACTION") })
        {
            var mode = config.Normalization.GetValueOrDefault(type, NormalizationMode.Identity);
            if (mode == NormalizationMode.Identity || stats.For(key) is { } s && s.Supports(mode))
                continue;
            var buffered = BufferedStatKeys(directory);
            string quirk = buffered.Count > 0
                ? $" The processor files hold only {string.Join(", ", buffered.Take(4))}{(buffered.Count > 4 ? ", …" : "")} (the smolvla_base layout), which LeRobot's pipeline does not match either."
                : "";
            notes.Add($"{stats.Source}: no {mode} stats for '{key}'; it passes through un-normalized (identity), as in LeRobot.{quirk}");
        }
        return notes;
    }

    private static List<string> BufferedStatKeys(string directory)
    {
        var keys = new List<string>();
        foreach (string path in Directory.GetFiles(directory, "policy_*processor*.safetensors").Order(StringComparer.Ordinal))
        {
            using var file = SafetensorsFile.Open(path);
            keys.AddRange(file.Tensors.Keys.Where(k => k.Contains(".buffer.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }
        return keys.Distinct().ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
