using System.Text;
using System.Text.Json.Nodes;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>
/// Seeded random texts and a random but realistic byte-level BPE: its merges are learned greedily from a random
/// corpus (each merge joins a pair that occurs, then is applied to the corpus), so merges build on one another as
/// in a trained vocabulary. Used to compare Fleet with tokenizers.js on many inputs. The texts hold no non-ASCII
/// digits (٣, Ⅻ): tokenizers.js's Digits splits on ASCII \d only, where the Rust library (and Fleet) use Unicode's
/// numeric classes; BpeTokenizerEncodeTests covers those by hand.
/// </summary>
public sealed class RandomTokenizer(int seed)
{
    private static readonly string[] Pieces =
    [
        "a", "b", "c", "e", "t", "h", "o", "r", "P", "T", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00A0", "\u3000",
        "1", "2", "9", "0", "'", "'s", "'re", "'ll", "s", "re", "é", "ü", "ß", "Ω", "日", "本", "語", "한",
        "🤖", "👍🏽", "!", ".", ",", "-", "_", "?", "\"", "(", ")", "<", "|", ">", "<|im_start|>", "<|im_end|>", "<image>",
        "robot", "cube", "<mask>", " the", " red",
        // A word longer than BpeModel's scan limit (64 symbols), so the priority-queue merge path is compared too.
        "thecubethecubethecubethecubethecubethecubethecubethecubethecubethecubethecubethecube",
    ];

    private readonly Random _rng = new(seed);

    public string Text(int maxPieces)
    {
        var sb = new StringBuilder();
        int n = _rng.Next(maxPieces + 1);
        for (int i = 0; i < n; i++) sb.Append(Pieces[_rng.Next(Pieces.Length)]);
        return sb.ToString();
    }

    /// <summary>A BPE model object (256 byte ids, then one id per merge) with merges learned from random text.</summary>
    public JsonObject Model(int mergeCount, bool stringMerges, bool ignoreMerges)
    {
        var vocab = new Dictionary<string, int>();
        for (int b = 0; b < 256; b++) vocab[TokenizerFixture.Bytes((byte)b)] = b;
        var words = Enumerable.Range(0, 400)
            .Select(_ => Encoding.UTF8.GetBytes(Text(6)).Select(b => TokenizerFixture.Bytes(b)).ToList())
            .Where(w => w.Count > 1).ToList();
        var merges = new List<(string, string)>();
        var seen = new HashSet<(string, string)>();
        for (int attempt = 0; merges.Count < mergeCount && attempt < mergeCount * 20; attempt++)
        {
            var word = words[_rng.Next(words.Count)];
            if (word.Count < 2) continue;
            int at = _rng.Next(word.Count - 1);
            var pair = (word[at], word[at + 1]);
            if (!seen.Add(pair)) continue;
            merges.Add(pair);
            vocab.TryAdd(pair.Item1 + pair.Item2, vocab.Count);
            foreach (var w in words) Apply(w, pair);
        }
        var vocabJson = new JsonObject();
        foreach (var (token, id) in vocab) vocabJson[token] = id;
        var mergesJson = new JsonArray(merges.Select(m => stringMerges ? (JsonNode)JsonValue.Create($"{m.Item1} {m.Item2}") : new JsonArray(m.Item1, m.Item2)).ToArray());
        return new JsonObject
        {
            ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
            ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = ignoreMerges,
            ["vocab"] = vocabJson, ["merges"] = mergesJson,
        };
    }

    private static void Apply(List<string> word, (string Left, string Right) pair)
    {
        for (int i = 0; i + 1 < word.Count; i++)
        {
            if (word[i] != pair.Left || word[i + 1] != pair.Right) continue;
            word[i] = pair.Left + pair.Right;
            word.RemoveAt(i + 1);
        }
    }
}
