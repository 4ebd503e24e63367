using System.Text.Json;
using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.Act;

/// <summary>
/// The fields of a LeRobot ACT <c>config.json</c> that inference needs. Image keys keep the order of
/// <c>input_features</c> (the order cameras enter the encoder); image shapes are <c>[3, H, W]</c>.
/// </summary>
public sealed record ActConfig
{
    /// <summary>Decoder queries, i.e. actions per prediction.</summary>
    public required int ChunkSize { get; init; }
    /// <summary>Actions to execute from each chunk before querying again.</summary>
    public required int NActionSteps { get; init; }
    /// <summary>Transformer width.</summary>
    public required int DimModel { get; init; }
    /// <summary>Attention heads.</summary>
    public required int NHeads { get; init; }
    /// <summary>Feed-forward hidden width.</summary>
    public required int DimFeedforward { get; init; }
    /// <summary><c>relu</c> or <c>gelu</c>.</summary>
    public required string FeedforwardActivation { get; init; }
    /// <summary>Encoder layers.</summary>
    public required int NEncoderLayers { get; init; }
    /// <summary>Decoder layers.</summary>
    public required int NDecoderLayers { get; init; }
    /// <summary>Width of the (zero at inference) VAE latent.</summary>
    public required int LatentDim { get; init; }
    /// <summary>Pre-norm (true) or post-norm (false) transformer blocks.</summary>
    public required bool PreNorm { get; init; }
    /// <summary>The torchvision ResNet name (<c>resnet18</c> or <c>resnet34</c>).</summary>
    public required string VisionBackbone { get; init; }
    /// <summary>Temporal ensembling coefficient, or null when off.</summary>
    public double? TemporalEnsembleCoeff { get; init; }
    /// <summary>Camera feature keys (full, e.g. <c>observation.images.front</c>) with height and width.</summary>
    public required IReadOnlyList<(string Key, int Height, int Width)> Images { get; init; }
    /// <summary>Length of <c>observation.state</c>, 0 when the policy takes no state.</summary>
    public required int StateDim { get; init; }
    /// <summary>Length of one action.</summary>
    public required int ActionDim { get; init; }
    /// <summary>Normalization per feature type (<c>VISUAL</c>, <c>STATE</c>, <c>ACTION</c>).</summary>
    public required IReadOnlyDictionary<string, NormalizationMode> Normalization { get; init; }

    /// <summary>Head width.</summary>
    public int HeadDim => DimModel / NHeads;

    /// <summary>Reads an ACT config.</summary>
    /// <exception cref="CheckpointException">A field is missing, has the wrong type, or names an unsupported option;
    /// the message names the file and the field.</exception>
    public static ActConfig Parse(JsonElement root, string file)
    {
        var f = new Fields(root, file);
        string type = f.String("type");
        if (type != "act")
            throw new CheckpointException($"{file}: \"type\" is '{type}', not 'act'.");
        var (images, stateDim) = PolicyFeatures.ReadInputs(f, file, "ACT");
        var config = new ActConfig
        {
            ChunkSize = f.Int("chunk_size"),
            NActionSteps = f.Int("n_action_steps"),
            DimModel = f.Int("dim_model"),
            NHeads = f.Int("n_heads"),
            DimFeedforward = f.Int("dim_feedforward"),
            FeedforwardActivation = f.String("feedforward_activation"),
            NEncoderLayers = f.Int("n_encoder_layers"),
            NDecoderLayers = f.Int("n_decoder_layers"),
            LatentDim = f.Int("latent_dim"),
            PreNorm = f.Bool("pre_norm"),
            VisionBackbone = f.String("vision_backbone"),
            TemporalEnsembleCoeff = f.OptionalDouble("temporal_ensemble_coeff"),
            Images = images,
            StateDim = stateDim,
            ActionDim = PolicyFeatures.ReadAction(f, file),
            Normalization = PolicyFeatures.ReadNormalization(f, file),
        };
        config.Validate(f, file);
        return config;
    }

    private void Validate(Fields f, string file)
    {
        if (FeedforwardActivation is not ("relu" or "gelu"))
            throw new CheckpointException($"{file}: feedforward_activation '{FeedforwardActivation}' is not supported; Fleet's ACT runs 'relu' or 'gelu'.");
        if (VisionBackbone is not ("resnet18" or "resnet34"))
            throw new CheckpointException($"{file}: vision_backbone '{VisionBackbone}' is not supported; Fleet's ACT runs 'resnet18' or 'resnet34'.");
        if (f.OptionalBool("replace_final_stride_with_dilation") == true)
            throw new CheckpointException($"{file}: replace_final_stride_with_dilation=true is not supported (torchvision's BasicBlock has no dilation either).");
        if (DimModel % NHeads != 0)
            throw new CheckpointException($"{file}: dim_model {DimModel} is not divisible by n_heads {NHeads}.");
        if (Images.Count == 0)
            throw new CheckpointException($"{file}: input_features has no VISUAL feature; Fleet's ACT needs at least one camera (environment-state-only ACT is not supported).");
        if (TemporalEnsembleCoeff is not null && NActionSteps != 1)
            throw new CheckpointException($"{file}: temporal_ensemble_coeff is set, so n_action_steps must be 1 (it is {NActionSteps}).");
    }
}
