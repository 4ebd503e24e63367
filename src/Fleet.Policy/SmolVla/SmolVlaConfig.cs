using System.Text.Json;
using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// The fields of a LeRobot SmolVLA <c>config.json</c> that inference needs (research policies.md §1.1). Camera keys
/// keep the order of <c>input_features</c>, which is the order their tokens enter the prefix. Fields that only
/// matter for training are ignored; options Fleet does not implement are rejected when parsed.
/// </summary>
public sealed record SmolVlaConfig
{
    /// <summary>Action tokens per chunk (the suffix length).</summary>
    public required int ChunkSize { get; init; }
    /// <summary>Actions executed from each chunk before re-planning (≤ <see cref="ChunkSize"/>).</summary>
    public required int NActionSteps { get; init; }
    /// <summary>The state is zero-padded to this width before <c>state_proj</c>.</summary>
    public required int MaxStateDim { get; init; }
    /// <summary>Width of the padded action space the expert denoises.</summary>
    public required int MaxActionDim { get; init; }
    /// <summary>Side of the square the images are resized-with-padding to (<c>resize_imgs_with_padding</c>, width = height).</summary>
    public required int ImageSize { get; init; }
    /// <summary>Tokenizer <c>max_length</c>: the task is truncated to this many tokens (and padded to it with <c>max_length</c>).</summary>
    public required int TokenizerMaxLength { get; init; }
    /// <summary>Padding strategy of the tokenizer step: <c>longest</c> or <c>max_length</c> (both give the same actions).</summary>
    public required string PadLanguageTo { get; init; }
    /// <summary>Euler steps of the flow-matching sampler.</summary>
    public required int NumSteps { get; init; }
    /// <summary>VLM text layers kept (the prefix runs through these).</summary>
    public required int NumVlmLayers { get; init; }
    /// <summary>Expert layers (equal to <see cref="NumVlmLayers"/>; <c>num_expert_layers ≤ 0</c> in the file means the same).</summary>
    public required int NumExpertLayers { get; init; }
    /// <summary>Layer i of the expert self-attends when <c>i mod n = 0</c>, else cross-attends to the prefix.</summary>
    public required int SelfAttnEveryNLayers { get; init; }
    /// <summary>Expert width = ⌊text hidden × this⌋.</summary>
    public required double ExpertWidthMultiplier { get; init; }
    /// <summary>Shortest period of the time embedding.</summary>
    public required double MinPeriod { get; init; }
    /// <summary>Longest period of the time embedding.</summary>
    public required double MaxPeriod { get; init; }
    /// <summary>Missing cameras replaced by masked dummy images; masked tokens change nothing, so Fleet drops them.</summary>
    public required int EmptyCameras { get; init; }
    /// <summary>Minimum prefix length (zero-padded with masked tokens; no effect on the actions). −1 or 0: none.</summary>
    public required int PrefixLength { get; init; }
    /// <summary>The Hugging Face repository of the backbone, for locating its tokenizer.</summary>
    public required string VlmModelName { get; init; }
    /// <summary>Camera feature keys (e.g. <c>observation.images.camera1</c>) with the [3, H, W] size the dataset recorded.</summary>
    public required IReadOnlyList<(string Key, int Height, int Width)> Images { get; init; }
    /// <summary>Length of <c>observation.state</c>.</summary>
    public required int StateDim { get; init; }
    /// <summary>Length of one (un-padded) action.</summary>
    public required int ActionDim { get; init; }
    /// <summary>Normalization per feature type (<c>VISUAL</c>, <c>STATE</c>, <c>ACTION</c>).</summary>
    public required IReadOnlyDictionary<string, NormalizationMode> Normalization { get; init; }

    /// <summary>Reads a SmolVLA config and checks it against what Fleet implements.</summary>
    /// <exception cref="CheckpointException">A field is missing or mistyped, or names an unsupported option (attention
    /// mode other than <c>cross_attn</c>, Aloha adaptation, image special tokens, fewer expert layers than VLM layers);
    /// the message names the file and the field.</exception>
    public static SmolVlaConfig Parse(JsonElement root, string file)
    {
        var f = new Fields(root, file);
        string type = f.String("type");
        if (type != "smolvla")
            throw new CheckpointException($"{file}: \"type\" is '{type}', not 'smolvla'.");
        RejectUnsupported(root, file);
        int vlmLayers = IntOr(root, file, "num_vlm_layers", 16);
        int expertLayers = IntOr(root, file, "num_expert_layers", -1);
        var (images, stateDim) = PolicyFeatures.ReadInputs(f, file, "SmolVLA");
        var config = new SmolVlaConfig
        {
            ChunkSize = f.Int("chunk_size"),
            NActionSteps = f.Int("n_action_steps"),
            MaxStateDim = IntOr(root, file, "max_state_dim", 32),
            MaxActionDim = IntOr(root, file, "max_action_dim", 32),
            ImageSize = ReadImageSize(root, file),
            TokenizerMaxLength = IntOr(root, file, "tokenizer_max_length", 48),
            PadLanguageTo = StringOr(root, file, "pad_language_to", "longest"),
            NumSteps = IntOr(root, file, "num_steps", 10),
            NumVlmLayers = vlmLayers,
            NumExpertLayers = expertLayers <= 0 ? vlmLayers : expertLayers,
            SelfAttnEveryNLayers = IntOr(root, file, "self_attn_every_n_layers", 2),
            ExpertWidthMultiplier = DoubleOr(root, file, "expert_width_multiplier", 0.75),
            MinPeriod = DoubleOr(root, file, "min_period", 4e-3),
            MaxPeriod = DoubleOr(root, file, "max_period", 4.0),
            EmptyCameras = IntOr(root, file, "empty_cameras", 0),
            PrefixLength = IntOr(root, file, "prefix_length", -1),
            VlmModelName = StringOr(root, file, "vlm_model_name", "HuggingFaceTB/SmolVLM2-500M-Video-Instruct"),
            Images = images,
            StateDim = stateDim,
            ActionDim = PolicyFeatures.ReadAction(f, file),
            Normalization = PolicyFeatures.ReadNormalization(f, file),
        };
        config.Validate(file);
        return config;
    }

    private void Validate(string file)
    {
        if (NumExpertLayers != NumVlmLayers)
            throw new CheckpointException($"{file}: num_expert_layers {NumExpertLayers} differs from num_vlm_layers {NumVlmLayers}; Fleet's SmolVLA pairs one expert layer with each VLM layer (num_expert_layers ≤ 0 or equal).");
        if (SelfAttnEveryNLayers < 1)
            throw new CheckpointException($"{file}: self_attn_every_n_layers is {SelfAttnEveryNLayers}; cross_attn mode needs a positive interval (smolvla_base uses 2).");
        if (NActionSteps < 1 || NActionSteps > ChunkSize)
            throw new CheckpointException($"{file}: n_action_steps {NActionSteps} must be between 1 and chunk_size {ChunkSize}.");
        if (StateDim > MaxStateDim)
            throw new CheckpointException($"{file}: observation.state has {StateDim} values but max_state_dim is {MaxStateDim}.");
        if (ActionDim > MaxActionDim)
            throw new CheckpointException($"{file}: action has {ActionDim} values but max_action_dim is {MaxActionDim}.");
        if (PadLanguageTo is not ("longest" or "max_length"))
            throw new CheckpointException($"{file}: pad_language_to '{PadLanguageTo}' is not 'longest' or 'max_length'.");
        if (Images.Count == 0 && EmptyCameras == 0)
            throw new CheckpointException($"{file}: input_features has no VISUAL feature; SmolVLA needs at least one camera.");
        if (NumSteps < 1 || ChunkSize < 1 || TokenizerMaxLength < 1 || ImageSize < 1)
            throw new CheckpointException($"{file}: num_steps, chunk_size, tokenizer_max_length and resize_imgs_with_padding must be positive.");
    }

    private static void RejectUnsupported(JsonElement root, string file)
    {
        string mode = StringOr(root, file, "attention_mode", "cross_attn");
        if (mode != "cross_attn")
            throw new CheckpointException($"{file}: attention_mode '{mode}' is not supported; Fleet's SmolVLA runs 'cross_attn' (interleaved self/cross-attention, as smolvla_base).");
        foreach (string flag in new[] { "adapt_to_pi_aloha", "use_delta_joint_actions_aloha", "add_image_special_tokens" })
            if (root.TryGetProperty(flag, out var v) && v.ValueKind == JsonValueKind.True)
                throw new CheckpointException($"{file}: {flag}=true is not supported by Fleet's SmolVLA; set it to false (smolvla_base has false).");
    }

    private static int ReadImageSize(JsonElement root, string file)
    {
        if (!root.TryGetProperty("resize_imgs_with_padding", out var v) || v.ValueKind == JsonValueKind.Null)
            return 512;
        var sides = v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(d => d.TryGetInt32(out int s) ? s : -1).ToArray() : [];
        if (sides.Length != 2 || sides[0] < 1 || sides[0] != sides[1])
            throw new CheckpointException($"{file}: resize_imgs_with_padding is {v.GetRawText()}; Fleet's SmolVLA needs a square [S, S] (smolvla_base: [512, 512]).");
        return sides[0];
    }

    private static int IntOr(JsonElement root, string file, string name, int fallback) =>
        !root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? fallback
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i
        : throw new CheckpointException($"{file}: field \"{name}\" must be an integer, found {v.GetRawText()}.");

    private static double DoubleOr(JsonElement root, string file, string name, double fallback) =>
        !root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? fallback
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw new CheckpointException($"{file}: field \"{name}\" must be a number, found {v.GetRawText()}.");

    private static string StringOr(JsonElement root, string file, string name, string fallback) =>
        !root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? fallback
        : v.ValueKind == JsonValueKind.String ? v.GetString()!
        : throw new CheckpointException($"{file}: field \"{name}\" must be a string, found {v.GetRawText()}.");
}
