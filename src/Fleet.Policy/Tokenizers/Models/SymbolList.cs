namespace Fleet.Policy.Tokenizers.Models;

/// <summary>
/// INTERNAL API. The symbols of one word during BPE merging: a doubly linked list over arrays, so that a merge is
/// O(1) and a symbol keeps its original index (the merge queue's tie-breaker).
/// </summary>
internal sealed class SymbolList(int capacity)
{
    public int[] Ids { get; } = new int[capacity];
    public int[] Prev { get; } = new int[capacity];
    public int[] Next { get; } = new int[capacity];
    public bool[] Removed { get; } = new bool[capacity];
    public int Count { get; private set; }
    private int _alive;

    public void Add(int id)
    {
        Ids[Count] = id;
        Prev[Count] = Count - 1;
        Next[Count] = -1;
        if (Count > 0) Next[Count - 1] = Count;
        Count++;
        _alive++;
    }

    /// <summary>Replaces symbol <paramref name="left"/> and its successor by <paramref name="mergedId"/>.</summary>
    public void MergeWithNext(int left, int mergedId)
    {
        int right = Next[left];
        Ids[left] = mergedId;
        Removed[right] = true;
        Next[left] = Next[right];
        if (Next[right] >= 0) Prev[Next[right]] = left;
        _alive--;
    }

    public int[] ToArray()
    {
        var ids = new int[_alive];
        int n = 0;
        for (int i = Count > 0 ? 0 : -1; i >= 0; i = Next[i]) ids[n++] = Ids[i];
        return ids;
    }
}
