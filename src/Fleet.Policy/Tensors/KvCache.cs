namespace Fleet.Policy.Tensors;

/// <summary>
/// Keys and values of the tokens seen so far, for incremental decoding: each step appends its new rows and attends
/// over everything cached. Rows are <see cref="Width"/> wide (all heads side by side). Not thread-safe.
/// </summary>
public sealed class KvCache
{
    private readonly float[] _keys;
    private readonly float[] _values;

    /// <summary>Creates an empty cache for up to <paramref name="capacity"/> tokens of <paramref name="width"/> values.</summary>
    public KvCache(int capacity, int width)
    {
        Capacity = capacity;
        Width = width;
        _keys = new float[capacity * width];
        _values = new float[capacity * width];
    }

    /// <summary>Maximum number of tokens.</summary>
    public int Capacity { get; }

    /// <summary>Values per token row.</summary>
    public int Width { get; }

    /// <summary>Tokens cached so far.</summary>
    public int Count { get; private set; }

    /// <summary>The cached key rows, <c>Count × Width</c>.</summary>
    public ReadOnlySpan<float> Keys => _keys.AsSpan(0, Count * Width);

    /// <summary>The cached value rows, <c>Count × Width</c>.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count * Width);

    /// <summary>Appends the rows of <paramref name="keys"/> and <paramref name="values"/> (same number of rows).</summary>
    /// <exception cref="InvalidOperationException">The cache would exceed its capacity.</exception>
    public void Append(ReadOnlySpan<float> keys, ReadOnlySpan<float> values)
    {
        if (keys.Length != values.Length || keys.Length % Width != 0)
            throw new ArgumentException($"KV cache rows must be {Width} wide and keys/values the same size; got {keys.Length} and {values.Length} values.");
        int rows = keys.Length / Width;
        if (Count + rows > Capacity)
            throw new InvalidOperationException($"KV cache holds {Count} of {Capacity} tokens; {rows} more do not fit.");
        keys.CopyTo(_keys.AsSpan(Count * Width));
        values.CopyTo(_values.AsSpan(Count * Width));
        Count += rows;
    }

    /// <summary>Attends <paramref name="queries"/> query rows (the newest tokens, already appended) over the cache, causally.</summary>
    public void Attend(ReadOnlySpan<float> q, int queries, int heads, int headDim, Span<float> output) =>
        Attention.Forward(q, Width, Keys, Width, Values, Width, queries, Count, heads, headDim, output, Width, new AttentionMask(true));

    /// <summary>Forgets every cached token.</summary>
    public void Clear() => Count = 0;
}
