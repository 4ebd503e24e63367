using System.Collections.Concurrent;
using System.Text;

namespace Fleet.Policy.Tokenizers.Models;

/// <summary>What a merge of two adjacent symbols yields: its priority (lower merges first) and the merged token.</summary>
internal readonly record struct MergeEntry(int Rank, int MergedId);

/// <summary>
/// INTERNAL API. The BPE model of a tokenizer.json (<c>model.type = "BPE"</c>): each pre-tokenized piece starts as one
/// symbol per character and adjacent symbols are merged, lowest merge rank first (leftmost on a tie), until no pair of
/// neighbours has a merge. The result of every distinct piece is cached (up to <see cref="CacheCapacity"/> pieces;
/// thread-safe), so the merge loop runs once per word and repeated task strings only cost dictionary look-ups.
/// </summary>
internal sealed class BpeModel
{
    /// <summary>The number of distinct pieces whose ids are remembered (the Hugging Face library's default too).</summary>
    public const int CacheCapacity = 10_000;

    /// <summary>Pieces longer than this are not cached: a long unbroken run would only crowd out real words.</summary>
    private const int MaxCachedLength = 256;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly Dictionary<long, MergeEntry> _merges;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;
    private int _cachedWords;

    public BpeModel(Dictionary<string, int> vocab, Dictionary<long, MergeEntry> merges, BpeOptions options)
    {
        _vocab = vocab;
        _vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _merges = merges;
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        Options = options;
    }

    public BpeOptions Options { get; }

    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    public static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Appends the ids of <paramref name="piece"/> to <paramref name="output"/>.</summary>
    public void Tokenize(ReadOnlySpan<char> piece, IdList output)
    {
        if (piece.IsEmpty) return;
        if (Options.IgnoreMerges && _vocabBySpan.TryGetValue(piece, out int whole))
        {
            output.Add(whole);
            return;
        }
        if (_cacheBySpan.TryGetValue(piece, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        int[] ids = Merge(piece);
        // Counted here, not with _cache.Count: that takes every lock of the dictionary (up to 1,024 once it has grown),
        // which cost more than the merge itself on every miss once the cache was full.
        if (piece.Length <= MaxCachedLength && Volatile.Read(ref _cachedWords) < CacheCapacity && _cacheBySpan.TryAdd(piece, ids))
            Interlocked.Increment(ref _cachedWords);
        output.AddRange(ids);
    }

    /// <summary>Words up to this many symbols merge by scanning their pairs; longer ones through a priority queue.</summary>
    private const int ScanLimit = 64;

    private int[] Merge(ReadOnlySpan<char> piece)
    {
        var word = InitialSymbols(piece);
        if (word.Count < 2) return word.ToArray();
        if (word.Count <= ScanLimit) MergeByScanning(word);
        else MergeWithQueue(word);
        return word.ToArray();
    }

    /// <summary>
    /// Short words: the rank of every adjacent pair is kept in an array; each step merges the lowest (leftmost on a
    /// tie) and looks up only the two pairs the merge changed.
    /// </summary>
    private void MergeByScanning(SymbolList word)
    {
        Span<int> rank = stackalloc int[word.Count];
        Span<int> merged = stackalloc int[word.Count];
        for (int i = 0; i < word.Count; i++) RankPair(word, i, rank, merged);
        while (true)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i >= 0; i = word.Next[i])
                if (rank[i] < bestRank) (best, bestRank) = (i, rank[i]);
            if (best < 0) return;
            word.MergeWithNext(best, merged[best]);
            RankPair(word, best, rank, merged);
            if (word.Prev[best] >= 0) RankPair(word, word.Prev[best], rank, merged);
        }
    }

    private void RankPair(SymbolList word, int left, Span<int> rank, Span<int> merged)
    {
        int right = word.Next[left];
        if (right >= 0 && _merges.TryGetValue(PairKey(word.Ids[left], word.Ids[right]), out var merge))
            (rank[left], merged[left]) = (merge.Rank, merge.MergedId);
        else
            rank[left] = int.MaxValue;
    }

    /// <summary>Long words: candidate merges ordered by (rank, position); stale entries are skipped when popped.</summary>
    private void MergeWithQueue(SymbolList word)
    {
        var queue = new PriorityQueue<int, long>();
        for (int i = 0; i + 1 < word.Count; i++) Enqueue(queue, word, i, word.Next[i]);
        while (queue.TryDequeue(out int left, out long priority))
        {
            int right = word.Next[left];
            if (word.Removed[left] || right < 0) continue;
            if (!_merges.TryGetValue(PairKey(word.Ids[left], word.Ids[right]), out var merge) || merge.Rank != (int)(priority >> 32))
                continue;
            word.MergeWithNext(left, merge.MergedId);
            if (word.Prev[left] >= 0) Enqueue(queue, word, word.Prev[left], left);
            if (word.Next[left] >= 0) Enqueue(queue, word, left, word.Next[left]);
        }
    }

    private void Enqueue(PriorityQueue<int, long> queue, SymbolList word, int left, int right)
    {
        if (_merges.TryGetValue(PairKey(word.Ids[left], word.Ids[right]), out var merge))
            queue.Enqueue(left, ((long)merge.Rank << 32) | (uint)left);
    }

    private SymbolList InitialSymbols(ReadOnlySpan<char> piece)
    {
        var word = new SymbolList(piece.Length * (Options.ByteFallback ? 3 : 1));
        bool previousUnknown = false;
        for (int at = 0; at < piece.Length;)
        {
            int width = char.IsHighSurrogate(piece[at]) && at + 1 < piece.Length && char.IsLowSurrogate(piece[at + 1]) ? 2 : 1;
            var symbol = piece.Slice(at, width);
            bool first = at == 0;
            at += width;
            if (LookUpSymbol(symbol, first, last: at == piece.Length, out int id))
            {
                word.Add(id);
                previousUnknown = false;
            }
            else if (!(Options.ByteFallback && AddByteFallback(symbol, word)))
            {
                // Unknown: the unk token (fused with an unknown neighbour if asked), or nothing when there is none.
                if (Options.UnknownId is int unk && !(Options.FuseUnknown && previousUnknown)) word.Add(unk);
                previousUnknown = Options.UnknownId is not null;
                continue;
            }
            previousUnknown = false;
        }
        return word;
    }

    private bool LookUpSymbol(ReadOnlySpan<char> symbol, bool first, bool last, out int id)
    {
        string? prefix = first ? null : Options.ContinuingSubwordPrefix;
        string? suffix = last ? Options.EndOfWordSuffix : null;
        if (prefix is null && suffix is null) return _vocabBySpan.TryGetValue(symbol, out id);
        return _vocab.TryGetValue(string.Concat(prefix, symbol, suffix), out id);
    }

    private bool AddByteFallback(ReadOnlySpan<char> symbol, SymbolList word)
    {
        Span<byte> utf8 = stackalloc byte[8];
        int count = Encoding.UTF8.GetBytes(symbol, utf8);
        Span<int> ids = stackalloc int[count];
        for (int i = 0; i < count; i++)
            if (!_vocab.TryGetValue($"<0x{utf8[i]:X2}>", out ids[i])) return false;
        foreach (int id in ids) word.Add(id);
        return true;
    }
}

/// <summary>INTERNAL API. The settings of a BPE model besides its vocabulary and merges.</summary>
/// <param name="UnknownId">The id of <c>unk_token</c>, or null: unknown characters are then dropped, as the reference library does.</param>
/// <param name="FuseUnknown">Consecutive unknown characters become one unk token.</param>
/// <param name="ByteFallback">An unknown character becomes its UTF-8 bytes as <c>&lt;0xHH&gt;</c> tokens when all of them exist.</param>
/// <param name="IgnoreMerges">A piece that is itself in the vocabulary is taken whole, without merging.</param>
/// <param name="ContinuingSubwordPrefix">Prefix of every symbol but a word's first, or null.</param>
/// <param name="EndOfWordSuffix">Suffix of a word's last symbol, or null.</param>
internal sealed record BpeOptions(
    int? UnknownId, bool FuseUnknown, bool ByteFallback, bool IgnoreMerges, string? ContinuingSubwordPrefix, string? EndOfWordSuffix);
