using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// Where the vision tower's parameters come from: a checkpoint (names under a prefix, shapes checked, every dtype
/// widened to fp32) or seeded random values for benchmarks. Each tensor is read once, then packed by its layer.
/// </summary>
internal sealed class VisionWeights
{
    private readonly Func<string, long[], float[]> _read;

    private VisionWeights(string prefix, Func<string, long[], float[]> read)
    {
        Prefix = prefix;
        _read = read;
    }

    /// <summary>Prefix put before every module name, e.g. <c>model.vlm_with_expert.vlm.model.</c>.</summary>
    public string Prefix { get; }

    /// <summary>Reads <c>Prefix + name</c>; a missing tensor or another shape throws <see cref="CheckpointException"/>
    /// naming the file, the key and both shapes.</summary>
    public float[] Read(string name, params long[] shape) => _read(Prefix + name, shape);

    public static VisionWeights FromFile(SafetensorsFile file, string prefix) =>
        new(prefix, (name, shape) => file.ReadFloat32(name, shape));

    /// <summary>
    /// Seeded pseudo-random parameters of the right shapes: LayerNorm weights near 1 (keys ending in
    /// <c>layer_norm*.weight</c> / <c>post_layernorm.weight</c>), small biases, matrices with std 0.02. The values
    /// mean nothing; a forward pass costs the same as with trained weights.
    /// </summary>
    public static VisionWeights Random(int seed)
    {
        var rng = new Random(seed);
        return new VisionWeights("", (name, shape) =>
        {
            long count = shape.Aggregate(1L, (a, b) => a * b);
            var values = new float[checked((int)count)];
            bool norm = name.Contains("layernorm", StringComparison.Ordinal) || name.Contains("layer_norm", StringComparison.Ordinal);
            bool bias = name.EndsWith(".bias", StringComparison.Ordinal);
            float offset = norm && !bias ? 1f : 0f, scale = bias ? 0.01f : norm ? 0.05f : 0.02f;
            for (int i = 0; i < values.Length; i++) values[i] = offset + scale * (float)(rng.NextDouble() * 2 - 1) * 1.7320508f;
            return values;
        });
    }
}
