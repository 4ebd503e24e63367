namespace Fleet.Policy.Tokenizers.Models;

/// <summary>
/// INTERNAL API. Hashes a merge pair packed as <c>left &lt;&lt; 32 | right</c>. The default <see cref="long"/> hash is
/// <c>left ^ right</c>, under which a 49k-merge table collides heavily (about half the pairs share a hash);
/// Fibonacci hashing spreads them.
/// </summary>
internal sealed class PairKeyComparer : IEqualityComparer<long>
{
    public static readonly PairKeyComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
}
