namespace Fleet.Policy.SmolVla;

/// <summary>
/// The result of the prefix prefill: for every VLM layer, the post-RoPE keys and the values of each observation's
/// valid prefix tokens (padding dropped), <c>[tokens, kvHeads·headDim]</c> row-major, observations one after another.
/// The action expert attends to these; the prefix itself is never run again during denoising. Immutable once built.
/// </summary>
public sealed class PrefixCache
{
    private readonly float[][] _keys;
    private readonly float[][] _values;
    private readonly int[] _offsets;

    internal PrefixCache(int layers, int kvWidth, int[] lengths)
    {
        Lengths = lengths;
        KvWidth = kvWidth;
        _offsets = new int[lengths.Length + 1];
        for (int b = 0; b < lengths.Length; b++) _offsets[b + 1] = _offsets[b] + lengths[b];
        _keys = Enumerable.Range(0, layers).Select(_ => new float[_offsets[^1] * kvWidth]).ToArray();
        _values = Enumerable.Range(0, layers).Select(_ => new float[_offsets[^1] * kvWidth]).ToArray();
    }

    /// <summary>Valid prefix tokens per observation (images + language + state).</summary>
    public IReadOnlyList<int> Lengths { get; }

    /// <summary>Observations in the batch.</summary>
    public int Batch => Lengths.Count;

    /// <summary>Width of a key or value row (all KV heads side by side, head-major).</summary>
    public int KvWidth { get; }

    /// <summary>Number of layers cached.</summary>
    public int Layers => _keys.Length;

    /// <summary>Total rows over the batch.</summary>
    public int TotalRows => _offsets[^1];

    /// <summary>First row of observation <paramref name="item"/> in the per-layer arrays.</summary>
    public int Offset(int item) => _offsets[item];

    /// <summary>The keys of <paramref name="layer"/> for observation <paramref name="item"/>, <c>[Lengths[item], KvWidth]</c>.</summary>
    public ReadOnlySpan<float> Keys(int layer, int item) => _keys[layer].AsSpan(_offsets[item] * KvWidth, Lengths[item] * KvWidth);

    /// <summary>The values of <paramref name="layer"/> for observation <paramref name="item"/>.</summary>
    public ReadOnlySpan<float> Values(int layer, int item) => _values[layer].AsSpan(_offsets[item] * KvWidth, Lengths[item] * KvWidth);

    /// <summary>All keys of <paramref name="layer"/>, <c>[TotalRows, KvWidth]</c>.</summary>
    public ReadOnlySpan<float> AllKeys(int layer) => _keys[layer];

    /// <summary>All values of <paramref name="layer"/>.</summary>
    public ReadOnlySpan<float> AllValues(int layer) => _values[layer];

    internal float[] KeyBuffer(int layer) => _keys[layer];

    internal float[] ValueBuffer(int layer) => _values[layer];
}
