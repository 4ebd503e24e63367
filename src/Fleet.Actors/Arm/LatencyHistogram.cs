using System.Numerics;

namespace Fleet.Actors.Arm;

/// <summary>
/// A fixed-size log-linear histogram of non-negative durations in microseconds (HdrHistogram's layout, small):
/// exact below 256 µs, then 128 buckets per power of two, so any percentile is within 1% of the true value.
/// Values above about 71 minutes land in the top bucket. Recording is O(1) and allocation-free; memory is
/// fixed (about 26 KB), so a per-arm histogram runs forever. Not thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private const int ExactBits = 8;                      // values < 256 have their own bucket
    private const int SubBuckets = 1 << (ExactBits - 1);  // 128 buckets per octave above that
    private const int MaxBits = 32;                       // 2^32 µs ≈ 71 minutes
    private readonly long[] _counts = new long[(1 << ExactBits) + (MaxBits - ExactBits) * SubBuckets];

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Largest value recorded, exact.</summary>
    public long MaxMicros { get; private set; }

    /// <summary>Sum of the values recorded, for the mean.</summary>
    public long SumMicros { get; private set; }

    /// <summary>Records one value; negative values count as 0.</summary>
    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        _counts[IndexOf(micros)]++;
        Count++;
        SumMicros += micros;
        if (micros > MaxMicros) MaxMicros = micros;
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> percent of the recorded values lie (the upper
    /// edge of that bucket, never above <see cref="MaxMicros"/>); 0 when empty.
    /// </summary>
    public long Percentile(double percentile)
    {
        if (Count == 0) return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return i == _counts.Length - 1 ? MaxMicros : Math.Min(UpperEdge(i), MaxMicros);
        }
        return MaxMicros;
    }

    /// <summary>
    /// For each of <paramref name="boundsMicros"/> (ascending), how many values are at or below it; a bound's own
    /// bucket counts as below it, so each figure is exact to the histogram's 1% resolution. One pass over the buckets.
    /// </summary>
    public long[] CumulativeCounts(IReadOnlyList<long> boundsMicros)
    {
        var result = new long[boundsMicros.Count];
        long seen = 0;
        int bucket = 0;
        for (int b = 0; b < boundsMicros.Count; b++)
        {
            int last = IndexOf(Math.Max(0, boundsMicros[b]));
            for (; bucket <= last; bucket++) seen += _counts[bucket];
            result[b] = seen;
        }
        return result;
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Count = 0;
        MaxMicros = 0;
        SumMicros = 0;
    }

    private static int IndexOf(long v)
    {
        if (v < 1 << ExactBits) return (int)v;
        int bits = 64 - BitOperations.LeadingZeroCount((ulong)v);
        if (bits > MaxBits) return (1 << ExactBits) + (MaxBits - ExactBits) * SubBuckets - 1;
        int shift = bits - ExactBits;                    // v >> shift lies in [128, 256)
        return (1 << ExactBits) + (bits - ExactBits - 1) * SubBuckets + (int)(v >> shift) - SubBuckets;
    }

    private static long UpperEdge(int index)
    {
        if (index < 1 << ExactBits) return index;
        int rel = index - (1 << ExactBits);
        int octave = rel / SubBuckets;                   // 0 for values of ExactBits+1 bits
        int sub = rel % SubBuckets + SubBuckets;
        int shift = octave + 1;
        return ((long)(sub + 1) << shift) - 1;
    }
}
