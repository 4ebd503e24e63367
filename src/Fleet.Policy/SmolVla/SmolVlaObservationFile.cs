using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.SmolVla;

/// <summary>A batch of raw SmolVLA observations read from a file.</summary>
/// <param name="Batch">Observations.</param>
/// <param name="State">Raw state <c>[batch, state_dim]</c>.</param>
/// <param name="Images">One entry per camera of the config, in config order.</param>
/// <param name="Language">Token ids and mask, or null when the file has none (then task text must be tokenized).</param>
public sealed record SmolVlaObservation(int Batch, float[] State, IReadOnlyList<CameraImages> Images, LanguageTokens? Language);

/// <summary>
/// Reads what <c>fleet policy predict</c> takes for SmolVLA (the same layout as the PyTorch reference's inputs):
/// <c>observation.state</c> F32 <c>[B, state_dim]</c>, <c>observation.images.&lt;name&gt;</c> F32 <c>[B, 3, H, W]</c> in
/// [0, 1] (any H, W; one per camera of the config), and optionally <c>observation.language.tokens</c> integer
/// <c>[B, L]</c> with <c>observation.language.attention_mask</c> BOOL/U8/integer <c>[B, L]</c>. A noise file holds
/// <c>noise</c> F32 <c>[B, chunk_size, max_action_dim]</c>.
/// </summary>
public static class SmolVlaObservationFile
{
    /// <summary>Key of the token ids.</summary>
    public const string TokensKey = "observation.language.tokens";

    /// <summary>Key of the attention mask.</summary>
    public const string MaskKey = "observation.language.attention_mask";

    private const string StateKey = "observation.state";
    private const string ImagePrefix = "observation.images.";

    /// <summary>Reads and checks an observation file against <paramref name="config"/>.</summary>
    /// <exception cref="CheckpointException">Missing, unexpected or mis-shaped tensor; the message names the file, key and expected shape.</exception>
    public static SmolVlaObservation Read(string path, SmolVlaConfig config)
    {
        using var file = SafetensorsFile.Open(path);
        var cameras = config.Images.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in file.Tensors.Keys.Where(k => k.StartsWith(ImagePrefix, StringComparison.Ordinal) && !cameras.Contains(k)))
            throw new CheckpointException($"{path}: image key '{key}' is not a camera of this policy; it expects {string.Join(", ", config.Images.Select(i => $"{i.Key} [B, 3, H, W]"))}.");
        if (!file.Contains(StateKey))
            throw new CheckpointException($"{path}: missing tensor '{StateKey}' (expected F32 [B, {config.StateDim}]).");
        var stateInfo = file.Info(StateKey);
        if (stateInfo.DType != SafetensorsDType.F32 || stateInfo.Shape.Count != 2 || stateInfo.Shape[1] != config.StateDim || stateInfo.Shape[0] < 1)
            throw new CheckpointException($"{path}: tensor '{StateKey}' is {stateInfo.DType.Name()} {stateInfo.ShapeText}; expected F32 [B, {config.StateDim}] with B ≥ 1.");
        int batch = (int)stateInfo.Shape[0];
        var images = config.Images.Select(i => ReadImage(file, i.Key, batch)).ToList();
        return new SmolVlaObservation(batch, file.ReadFloat32(StateKey), images, ReadLanguage(file, batch));
    }

    /// <summary>Reads <c>noise</c> <c>[batch, chunk_size, max_action_dim]</c>.</summary>
    /// <exception cref="CheckpointException">Missing or mis-shaped; names the file and the expected shape.</exception>
    public static float[] ReadNoise(string path, SmolVlaConfig config, int batch)
    {
        using var file = SafetensorsFile.Open(path);
        long[] shape = [batch, config.ChunkSize, config.MaxActionDim];
        if (!file.Contains("noise"))
            throw new CheckpointException($"{path}: missing tensor 'noise' (expected F32 {ShapeFormat.Of(shape)}).");
        var info = file.Info("noise");
        if (info.DType != SafetensorsDType.F32 || !info.Shape.SequenceEqual(shape))
            throw new CheckpointException($"{path}: tensor 'noise' is {info.DType.Name()} {info.ShapeText}; expected F32 {ShapeFormat.Of(shape)}.");
        return file.ReadFloat32("noise");
    }

    private static CameraImages ReadImage(SafetensorsFile file, string key, int batch)
    {
        if (!file.Contains(key))
            throw new CheckpointException($"{file.Path}: missing tensor '{key}' (expected F32 [{batch}, 3, H, W] in [0, 1]).");
        var info = file.Info(key);
        if (info.DType != SafetensorsDType.F32 || info.Shape.Count != 4 || info.Shape[0] != batch || info.Shape[1] != 3 || info.Shape[2] < 1 || info.Shape[3] < 1)
            throw new CheckpointException($"{file.Path}: tensor '{key}' is {info.DType.Name()} {info.ShapeText}; expected F32 [{batch}, 3, H, W] (B = {batch} from observation.state).");
        return new CameraImages(file.ReadFloat32(key), (int)info.Shape[2], (int)info.Shape[3]);
    }

    private static LanguageTokens? ReadLanguage(SafetensorsFile file, int batch)
    {
        bool hasTokens = file.Contains(TokensKey), hasMask = file.Contains(MaskKey);
        if (!hasTokens && !hasMask)
            return null;
        if (!hasTokens || !hasMask)
            throw new CheckpointException($"{file.Path}: '{(hasTokens ? MaskKey : TokensKey)}' is missing; {TokensKey} and {MaskKey} come together ([B, L] each).");
        var tokens = file.Info(TokensKey);
        var mask = file.Info(MaskKey);
        if (tokens.Shape.Count != 2 || tokens.Shape[0] != batch || !mask.Shape.SequenceEqual(tokens.Shape) || tokens.DType is SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F32 or SafetensorsDType.F64)
            throw new CheckpointException($"{file.Path}: '{TokensKey}' is {tokens.DType.Name()} {tokens.ShapeText} and '{MaskKey}' {mask.ShapeText}; expected integer ids [{batch}, L] and a BOOL/U8 mask of the same shape.");
        int length = (int)tokens.Shape[1];
        var ids = file.ReadFloat32(TokensKey).Select(v => (int)v).ToArray();
        var valid = file.ReadFloat32(MaskKey).Select(v => v != 0).ToArray();
        return new LanguageTokens(batch, length, ids, valid);
    }
}
