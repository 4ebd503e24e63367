using Fleet.Policy.Tests.Infrastructure;
using Fleet.Policy.Tokenizers;
using Fleet.Policy.Tokenizers.Models;
using static Fleet.Policy.Tests.Tokenizers.TokenizerFixture;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>The word cache: shared between threads, bounded, and never changing a result.</summary>
public sealed class WordCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Encode_FromManyThreadsAtOnce_SameIdsAsOneThread()
    {
        var texts = Enumerable.Range(0, 400).Select(i => new RandomTokenizer(i).Text(30)).ToArray();
        var single = Load(_dir, SmolLike());
        var expected = texts.Select(t => single.Encode(t).Ids).ToArray();

        using var dir = new TempDirectory();
        var shared = Load(dir, SmolLike()); // a cold cache, filled by four threads at once
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            var ids = new int[texts.Length][];
            for (int k = 0; k < texts.Length; k++)
            {
                int i = (k + thread * 97) % texts.Length; // each thread in its own order
                ids[i] = shared.Encode(texts[i]).Ids;
            }
            return ids;
        })));
        foreach (var ids in results)
            for (int i = 0; i < texts.Length; i++)
                Assert.Equal(expected[i], ids[i]);
    }

    [Fact]
    public void Encode_MoreDistinctWordsThanTheCacheHolds_SameIds()
    {
        var tok = Load(_dir, SmolLike());
        var before = tok.Encode(" the red cube café").Ids;
        // Letters only, so each is one piece: base-26 numerals give 12,000 distinct words.
        for (int n = 0; n < BpeModel.CacheCapacity + 2000; n++)
            tok.Encode(" " + Word(n));
        Assert.Equal(before, tok.Encode(" the red cube café").Ids);
        Assert.Equal([' ', 'z', 'z', 'z', 'z'], tok.Encode(" zzzz").Ids);
    }

    private static string Word(int n)
    {
        var chars = new List<char>();
        do { chars.Add((char)('a' + n % 26)); n /= 26; } while (n > 0);
        return new string(chars.ToArray()) + "q";
    }
}
