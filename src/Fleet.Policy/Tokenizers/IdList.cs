using System.Buffers;

namespace Fleet.Policy.Tokenizers;

/// <summary>INTERNAL API. A growable list of token ids on a pooled array, returned to the pool on dispose.</summary>
internal sealed class IdList(int capacity = 64) : IDisposable
{
    private int[] _items = ArrayPool<int>.Shared.Rent(capacity);

    public int Count { get; private set; }

    public ReadOnlySpan<int> Span => _items.AsSpan(0, Count);

    public void Add(int id)
    {
        if (Count == _items.Length) Grow(Count + 1);
        _items[Count++] = id;
    }

    public void AddRange(ReadOnlySpan<int> ids)
    {
        if (Count + ids.Length > _items.Length) Grow(Count + ids.Length);
        ids.CopyTo(_items.AsSpan(Count));
        Count += ids.Length;
    }

    public void Clear() => Count = 0;

    private void Grow(int needed)
    {
        var bigger = ArrayPool<int>.Shared.Rent(Math.Max(needed, _items.Length * 2));
        _items.AsSpan(0, Count).CopyTo(bigger);
        ArrayPool<int>.Shared.Return(_items);
        _items = bigger;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_items);
        _items = [];
        Count = 0;
    }
}
