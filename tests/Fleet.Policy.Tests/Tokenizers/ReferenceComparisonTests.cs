using System.Text.Json.Nodes;
using Fleet.Policy.Tests.Infrastructure;
using static Fleet.Policy.Tests.Tokenizers.TokenizerFixture;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>Fleet's tokenizer against tokenizers.js on the same tokenizer.json files.</summary>
public sealed class ReferenceComparisonTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] HandTexts =
    [
        "Pick up the red cube", "the", " the", "café", " café", "日本", "🤖", " 🤖!", "12 cubes", "a 12", "x2024y", "a٣b",
        "  the", "   the", "the  ", "\n\nPick", "Pick\n\n", "Pick\n up", "it's", "we're", "'x",
        "<|im_start|>Pick the red cube<|im_end|>", "<image><image>Pick", "<|im_", "Pick robot", "robots", "",
    ];

    [TokenizersJsFact]
    public void HandFixture_SameIdsAsTokenizersJs()
    {
        string path = Write(_dir, SmolLike());
        var tok = Fleet.Policy.Tokenizers.BpeTokenizer.Load(path);
        var (expected, _) = TokenizersJsReference.Run(path, HandTexts);
        for (int i = 0; i < HandTexts.Length; i++)
            Assert.True(expected[i].SequenceEqual(tok.Encode(HandTexts[i]).Ids),
                $"\"{HandTexts[i]}\": tokenizers.js [{string.Join(", ", expected[i])}], Fleet [{string.Join(", ", tok.Encode(HandTexts[i]).Ids)}]");
    }
}

/// <summary>Random texts through random learned merges under several pipelines, ids and decoding compared with tokenizers.js.</summary>
public sealed class ReferenceFuzzTests : IDisposable
{
    private const int TextsPerCase = 250;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Llama 3's split pattern (Split + ByteLevel without its own regex).
    private const string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private static readonly string[] Cases = ["smolvlm2", "prefix-space+template", "llama3-split", "lowercase+digit-runs", "strip-flags"];

    [TokenizersJsFact]
    public void Fuzz_AllPipelines_SameIdsAndDecodingAsTokenizersJs()
    {
        foreach (string name in Cases)
            CompareCase(name, seed: name.Length * 7919);
    }

    private void CompareCase(string name, int seed)
    {
        var random = new RandomTokenizer(seed);
        var json = Build(name, random);
        using var dir = new TempDirectory();
        string path = Write(dir, json);
        var tok = Fleet.Policy.Tokenizers.BpeTokenizer.Load(path);
        var texts = Enumerable.Range(0, TextsPerCase).Select(_ => random.Text(30)).ToArray();
        var fleetIds = texts.Select(t => tok.Encode(t).Ids).ToArray();
        var (expected, decoded) = TokenizersJsReference.Run(path, texts, decode: fleetIds);
        for (int i = 0; i < texts.Length; i++)
        {
            if (!expected[i].SequenceEqual(fleetIds[i]))
                File.Copy(path, Path.Combine(Path.GetTempPath(), $"fleet-tokenizer-fuzz-{name}.json"), overwrite: true); // kept for debugging
            Assert.True(expected[i].SequenceEqual(fleetIds[i]),
                $"{name}: \"{Escape(texts[i])}\": tokenizers.js [{string.Join(", ", expected[i])}], Fleet [{string.Join(", ", fleetIds[i])}]");
            Assert.Equal(decoded[i], tok.Decode(fleetIds[i], skipSpecialTokens: false));
        }
    }

    private static JsonObject Build(string name, RandomTokenizer random)
    {
        var json = SmolLike();
        json["model"] = random.Model(mergeCount: 300, stringMerges: name.Length % 2 == 0, ignoreMerges: name == "llama3-split");
        // Added tokens get ids after the learned vocabulary.
        int next = ((JsonObject)json["model"]!["vocab"]!).Count;
        json["added_tokens"] = new JsonArray(
            Added(next, "<|im_start|>"), Added(next + 1, "<|im_end|>"), Added(next + 2, "<image>"), Added(next + 3, "robot", special: false));
        switch (name)
        {
            case "prefix-space+template":
                json["pre_tokenizer"] = ByteLevel(addPrefixSpace: true);
                json["post_processor"] = Template(next, next + 1);
                break;
            case "llama3-split":
                json["pre_tokenizer"] = new JsonObject
                {
                    ["type"] = "Sequence",
                    ["pretokenizers"] = new JsonArray(
                        new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = Llama3Pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                        new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
                };
                break;
            case "lowercase+digit-runs":
                json["normalizer"] = new JsonObject { ["type"] = "Sequence", ["normalizers"] = new JsonArray(new JsonObject { ["type"] = "Lowercase" }) };
                json["pre_tokenizer"] = new JsonObject
                {
                    ["type"] = "Sequence",
                    ["pretokenizers"] = new JsonArray(new JsonObject { ["type"] = "Digits", ["individual_digits"] = false }, ByteLevel(false)),
                };
                break;
            case "strip-flags":
                ((JsonArray)json["added_tokens"]!).Add(Added(next + 4, "<mask>", lstrip: true, rstrip: true));
                // tokenizers.js ignores single_word, so the fuzz leaves it out (AddedTokenTests covers it by hand).
                ((JsonArray)json["added_tokens"]!).Add(Added(next + 5, "cube", special: false, normalized: false));
                break;
        }
        return json;
    }

    private static JsonObject Template(int bos, int eos)
    {
        var t = BosEosTemplate();
        t["special_tokens"]!["<|im_start|>"]!["ids"] = new JsonArray(bos);
        t["special_tokens"]!["<|im_end|>"]!["ids"] = new JsonArray(eos);
        return t;
    }

    private static string Escape(string s) => s.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
}
