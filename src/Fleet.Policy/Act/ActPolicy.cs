using Fleet.Messages;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act;

/// <summary>
/// ACT as an <see cref="IPolicy"/>: LeRobot's pre-processing (images to fp32 CHW in [0,1], then each feature
/// normalized per <c>normalization_mapping</c>), <see cref="ActModel"/>, and un-normalization of the actions.
/// Images must have exactly the size in <c>config.json</c> (ACT does not resize). One instance serves one worker at a
/// time; it computes on <see cref="Parallelism.ThreadCount"/> threads.
/// </summary>
public sealed class ActPolicy : IPolicy
{
    private const string ImagePrefix = "observation.images.";
    private readonly ActModel _model;
    private readonly NormalizationStats _stats;
    private readonly Parallelism _parallelism;

    private ActPolicy(ActModel model, NormalizationStats stats, Parallelism parallelism)
    {
        _model = model;
        _stats = stats;
        _parallelism = parallelism;
        var config = model.Config;
        Descriptor = new PolicyDescriptor("act", config.ChunkSize, config.StateDim, config.ActionDim,
            config.Images.Select(i => new ImageSpec(CameraKey(i.Key), i.Height, i.Width)).ToList())
        {
            TemporalEnsembleCoeff = config.TemporalEnsembleCoeff,
        };
    }

    /// <inheritdoc />
    public PolicyDescriptor Descriptor { get; }

    /// <summary>Per-section timings of the forward pass when <c>FLEET_ACT_PROFILE=1</c> was set at load, otherwise null.</summary>
    public ActProfile? Profile => _model.Profile;

    /// <summary>The parsed config.</summary>
    public ActConfig Config => _model.Config;

    /// <summary>Loads an ACT checkpoint folder (config.json, model.safetensors, stats in either layout).</summary>
    /// <param name="directory">The checkpoint folder.</param>
    /// <param name="parallelism">Compute threads; null for one per core.</param>
    /// <param name="temporalEnsembleCoeff">Overrides config.json's <c>temporal_ensemble_coeff</c> (a fleet config's
    /// <c>policy { type = act, temporal_ensemble_coeff = 0.01 }</c>); null keeps the checkpoint's value.</param>
    /// <exception cref="CheckpointException">The folder is not a usable ACT checkpoint; the message says which file and key.</exception>
    public static ActPolicy Load(string directory, Parallelism? parallelism = null, double? temporalEnsembleCoeff = null)
    {
        using var checkpoint = LeRobotCheckpoint.Open(directory);
        if (checkpoint.PolicyType != "act")
            throw new CheckpointException($"{checkpoint.ConfigPath}: policy type is '{checkpoint.PolicyType}', not 'act'.");
        var config = ActConfig.Parse(checkpoint.Config, checkpoint.ConfigPath);
        if (temporalEnsembleCoeff is { } coeff)
        {
            if (!double.IsFinite(coeff))
                throw new CheckpointException($"{checkpoint.ConfigPath}: temporal_ensemble_coeff override {coeff} is not a finite number (0.01 in the ACT paper).");
            // Fleet ignores n_action_steps (the arm's queue decides when to ask), so the override needs no check against it.
            config = config with { TemporalEnsembleCoeff = coeff };
        }
        var model = new ActModel(config, checkpoint.Model);
        var keys = config.Images.Select(i => i.Key).Append("action");
        if (config.StateDim > 0) keys = keys.Append("observation.state");
        var stats = checkpoint.LoadStats(keys);
        return new ActPolicy(model, stats, parallelism ?? Parallelism.Default());
    }

    /// <summary>
    /// Predicts from raw tensors: <paramref name="state"/> <c>[batch, state_dim]</c> and one <c>[batch, 3, H, W]</c>
    /// array of values in [0,1] per camera, in <see cref="ActConfig.Images"/> order. Returns un-normalized actions
    /// <c>[batch, chunk_size, action_dim]</c>. The inputs are not modified.
    /// </summary>
    public float[] Predict(int batch, ReadOnlySpan<float> state, IReadOnlyList<float[]> images)
    {
        var config = Config;
        var normalizedState = state.ToArray();
        Normalize("observation.state", "STATE", normalizedState, 1);
        var normalizedImages = new List<float[]>();
        foreach (var (image, (key, h, w)) in images.Zip(config.Images))
        {
            var copy = (float[])image.Clone();
            Normalize(key, "VISUAL", copy, h * w);
            normalizedImages.Add(copy);
        }
        var actions = _model.Forward(batch, normalizedState, normalizedImages, _parallelism);
        if (_stats.For("action") is { } stats && Mode("ACTION") is var mode && stats.Supports(mode))
            stats.Unnormalize(mode, actions, 1);
        return actions;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PolicyOutput>> PredictAsync(IReadOnlyList<PolicyInput> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count == 0)
            return ValueTask.FromResult<IReadOnlyList<PolicyOutput>>([]);
        var (state, images) = ObservationTensors.FromInputs(batch, Descriptor);
        var actions = Predict(batch.Count, state, images);
        int per = Config.ChunkSize * Config.ActionDim;
        IReadOnlyList<PolicyOutput> outputs = Enumerable.Range(0, batch.Count)
            .Select(i => new PolicyOutput(actions.AsMemory(i * per, per), Config.ActionDim)).ToList();
        return ValueTask.FromResult(outputs);
    }

    private void Normalize(string key, string type, Span<float> values, int repeat)
    {
        if (_stats.For(key) is { } stats && Mode(type) is var mode && stats.Supports(mode))
            stats.Normalize(mode, values, repeat);
    }

    private NormalizationMode Mode(string type) => Config.Normalization.GetValueOrDefault(type, NormalizationMode.Identity);

    /// <summary>The camera key of a feature key: <c>observation.images.front</c> → <c>front</c>.</summary>
    public static string CameraKey(string featureKey) => featureKey.StartsWith(ImagePrefix, StringComparison.Ordinal) ? featureKey[ImagePrefix.Length..] : featureKey;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
