using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.Act;

/// <summary>
/// A batch of raw observations stored as safetensors, as <c>fleet policy predict</c> reads it:
/// <c>observation.state</c> F32 <c>[B, state_dim]</c> and <c>observation.images.&lt;name&gt;</c> F32 <c>[B, 3, H, W]</c>
/// with values in [0,1], one per camera of the config and no others.
/// </summary>
public static class ObservationFile
{
    private const string StateKey = "observation.state";
    private const string ImagePrefix = "observation.images.";

    /// <summary>Reads and checks an observation file against <paramref name="config"/>.</summary>
    /// <exception cref="CheckpointException">The file is missing or corrupt, a key is missing or unexpected, or a tensor
    /// has the wrong dtype or shape; the message names the file, the key and the expected shape.</exception>
    public static (int Batch, float[] State, List<float[]> Images) Read(string path, ActConfig config)
    {
        using var file = SafetensorsFile.Open(path);
        var imageKeys = config.Images.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in file.Tensors.Keys.Where(k => k.StartsWith(ImagePrefix, StringComparison.Ordinal) && !imageKeys.Contains(k)))
            throw new CheckpointException($"{path}: image key '{key}' is not a camera of this policy; it expects {string.Join(", ", config.Images.Select(i => $"{i.Key} [B, 3, {i.Height}, {i.Width}]"))}.");

        int batch = BatchSize(file, config);
        float[] state = config.StateDim > 0 ? ReadChecked(file, StateKey, [batch, config.StateDim], $"[B, {config.StateDim}]") : [];
        var images = config.Images
            .Select(i => ReadChecked(file, i.Key, [batch, 3, i.Height, i.Width], $"[B, 3, {i.Height}, {i.Width}]"))
            .ToList();
        return (batch, state, images);
    }

    private static int BatchSize(SafetensorsFile file, ActConfig config)
    {
        string first = config.StateDim > 0 ? StateKey : config.Images[0].Key;
        string expected = config.StateDim > 0 ? $"[B, {config.StateDim}]" : $"[B, 3, {config.Images[0].Height}, {config.Images[0].Width}]";
        if (!file.Contains(first))
            throw new CheckpointException($"{file.Path}: missing tensor '{first}' (expected F32 {expected}).");
        var shape = file.Info(first).Shape;
        if (shape.Count == 0 || shape[0] < 1)
            throw new CheckpointException($"{file.Path}: tensor '{first}' has shape {ShapeFormat.Of(shape)}; expected F32 {expected} with B ≥ 1.");
        return (int)shape[0];
    }

    private static float[] ReadChecked(SafetensorsFile file, string key, long[] shape, string expected)
    {
        if (!file.Contains(key))
            throw new CheckpointException($"{file.Path}: missing tensor '{key}' (expected F32 {expected}).");
        var info = file.Info(key);
        if (info.DType != SafetensorsDType.F32)
            throw new CheckpointException($"{file.Path}: tensor '{key}' is {info.DType.Name()}; expected F32 {expected} (B = {shape[0]}).");
        if (!info.Shape.SequenceEqual(shape))
            throw new CheckpointException($"{file.Path}: tensor '{key}' has shape {info.ShapeText}; expected F32 {ShapeFormat.Of(shape)} ({expected} with B = {shape[0]}).");
        return file.ReadFloat32(key);
    }
}
