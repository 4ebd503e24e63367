using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Fleet.Policy.Tokenizers;

namespace Fleet.Benchmarks.Policy;

/// <summary>
/// Fleet's byte-level BPE tokenizer at SmolVLM2's size and shape: 49,152 vocabulary entries (256 bytes + 48,896
/// merges), 128 added tokens from id 49,152, Digits + ByteLevel pre-tokenization, pad to 48 as SmolVLA does.
/// The merges are synthetic (each word of a word list, and then pseudo-words, merged letter by letter, so a known
/// word becomes one token); the Hub file cannot be downloaded here. The file is written to
/// /tmp/fleet-bench-tokenizer/tokenizer.json so tests/tools/tokenizer/bench.mjs can time tokenizers.js on it.
/// </summary>
[MemoryDiagnoser(false)]
public class TokenizerBenchmarks
{
    /// <summary>A SmolVLA-style task: 48 tokens with this vocabulary, newline appended as LeRobot's processor does.</summary>
    public const string Task =
        "Pick up the red cube from the left side of the table and place it very gently in the blue bowl, then push the " +
        "green block 2 cm to the right of the yellow cup without touching the other 3 objects at all.\n";

    private static readonly string[] Words =
    [
        "Pick", "up", "the", "red", "cube", "from", "left", "side", "of", "table", "and", "place", "it", "gently", "in",
        "blue", "bowl", "then", "push", "green", "block", "cm", "to", "right", "yellow", "cup", "without", "touching",
        "other", "objects", "very", "at", "all", "grasp", "open", "close", "drawer", "move", "arm", "towel", "fold", "stack", "sort",
    ];

    public static string FilePath => Path.Combine(Path.GetTempPath(), "fleet-bench-tokenizer", "tokenizer.json");

    private BpeTokenizer _tokenizer = null!;
    private readonly int[] _ids = new int[48];
    private readonly bool[] _mask = new bool[48];
    private string[] _unseen = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, SyntheticSmolVlm2Json());
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(FilePath)!, "tokenizer_config.json"), "{\"pad_token\": \"<|im_end|>\"}");
        _tokenizer = BpeTokenizer.Load(FilePath);
        // 4,000 sentences of 12 pseudo-words each: 48,000 distinct words, more than the word cache keeps.
        var rng = new Random(7);
        _unseen = Enumerable.Range(0, 4000).Select(_ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => PseudoWord(rng)))).ToArray();
    }

    /// <summary>The steady state of a robot: the same task every chunk (words cached), padded to 48.</summary>
    [Benchmark(Baseline = true)]
    public int Encode_Task_PadTo48() => _tokenizer.Encode(Task, maxLength: 48, padToMaxLength: true).Ids.Length;

    /// <summary>The same into caller-owned rows: no result arrays.</summary>
    [Benchmark]
    public int EncodeTo_Task_48() => _tokenizer.EncodeTo(Task, _ids, _mask);

    /// <summary>12 words the cache has not seen (mostly): the BPE merge loop runs for each.</summary>
    [Benchmark]
    public int Encode_UnseenWords() => _tokenizer.Encode(_unseen[_next++ % _unseen.Length], maxLength: 48).Ids.Length;

    /// <summary>Decoding the task's ids back to text.</summary>
    [Benchmark]
    public int Decode_Task() => _tokenizer.Decode(_tokenizer.Encode(Task).Ids).Length;

    /// <summary>Loading the 49,280-token tokenizer.json (1.6 MB).</summary>
    [Benchmark]
    public int Load() => BpeTokenizer.Load(FilePath).VocabSize;

    private static string PseudoWord(Random rng)
    {
        var sb = new StringBuilder();
        int n = rng.Next(3, 10);
        for (int i = 0; i < n; i++) sb.Append((char)('a' + rng.Next(26)));
        return sb.ToString();
    }

    /// <summary>The synthetic tokenizer.json (see the class summary).</summary>
    public static string SyntheticSmolVlm2Json()
    {
        const int vocabSize = 49_152;
        var vocab = new Dictionary<string, int>();
        var merges = new List<(string, string)>();
        var ranks = new Dictionary<(string, string), int>();
        for (int b = 0; b < 256; b++) vocab[ByteChar((byte)b)] = b;
        // Each word is merged until it is one token: encode it with the merges so far, join its first two tokens, and
        // repeat. Every new merge ranks after all earlier ones, so the table stays consistent with BPE's order.
        void AddWord(string word)
        {
            while (vocab.Count < vocabSize)
            {
                var tokens = Merge(word.Select(c => ByteChar((byte)c)).ToList(), ranks);
                if (tokens.Count < 2) return;
                var pair = (tokens[0], tokens[1]);
                ranks[pair] = merges.Count;
                merges.Add(pair);
                vocab.TryAdd(tokens[0] + tokens[1], vocab.Count);
            }
        }
        foreach (var w in Words) { AddWord(w); AddWord(" " + w); }
        var rng = new Random(3);
        while (vocab.Count < vocabSize) AddWord((rng.Next(2) == 0 ? " " : "") + PseudoWord(rng));

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteStartArray("added_tokens");
            string[] added = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<fake_token_around_image>", "<image>", "<global-img>", "<end_of_utterance>"];
            for (int i = 0; i < 128; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", vocabSize + i);
                json.WriteString("content", i < added.Length ? added[i] : $"<row_{i / 8 + 1}_col_{i % 8 + 1}>");
                json.WriteBoolean("single_word", false);
                json.WriteBoolean("lstrip", false);
                json.WriteBoolean("rstrip", false);
                json.WriteBoolean("normalized", false);
                json.WriteBoolean("special", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNull("normalizer");
            json.WritePropertyName("pre_tokenizer");
            JsonDocument.Parse("""
                {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": true},
                 {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}]}
                """).WriteTo(json);
            json.WritePropertyName("post_processor");
            JsonDocument.Parse("""{"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true}""").WriteTo(json);
            json.WritePropertyName("decoder");
            JsonDocument.Parse("""{"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true}""").WriteTo(json);
            json.WriteStartObject("model");
            json.WriteString("type", "BPE");
            json.WriteNull("unk_token");
            json.WriteBoolean("byte_fallback", false);
            json.WriteStartObject("vocab");
            foreach (var (token, id) in vocab) json.WriteNumber(token, id);
            json.WriteEndObject();
            json.WriteStartArray("merges");
            foreach (var (l, r) in merges)
            {
                json.WriteStartArray();
                json.WriteStringValue(l);
                json.WriteStringValue(r);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Plain BPE (lowest rank first) for the generator.</summary>
    private static List<string> Merge(List<string> tokens, Dictionary<(string, string), int> ranks)
    {
        while (tokens.Count > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < tokens.Count; i++)
                if (ranks.TryGetValue((tokens[i], tokens[i + 1]), out int r) && r < bestRank) (best, bestRank) = (i, r);
            if (best < 0) break;
            tokens[best] += tokens[best + 1];
            tokens.RemoveAt(best + 1);
        }
        return tokens;
    }

    private static string ByteChar(byte b)
    {
        bool printable = b is >= 0x21 and <= 0x7E or >= 0xA1 and <= 0xAC or >= 0xAE;
        if (printable) return ((char)b).ToString();
        int shifted = 0;
        for (int v = 0; v < b; v++) if (!(v is >= 0x21 and <= 0x7E or >= 0xA1 and <= 0xAC or >= 0xAE)) shifted++;
        return ((char)(256 + shifted)).ToString();
    }
}
