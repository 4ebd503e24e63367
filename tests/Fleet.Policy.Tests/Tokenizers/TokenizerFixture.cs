using System.Text;
using System.Text.Json.Nodes;
using Fleet.Policy.Tests.Infrastructure;
using Fleet.Policy.Tokenizers;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>
/// Hand-built tokenizer.json files in SmolVLM2's shape: a byte-level vocabulary whose first 256 ids are the byte
/// values (id b is the alphabet character of byte b), then one id per merge (256 + rank), then added tokens from 300.
/// The GPT-2 byte alphabet is re-derived here from its definition, independently of Fleet's table.
/// </summary>
public static class TokenizerFixture
{
    /// <summary>The merges of <see cref="SmolLike"/> in rank order, as UTF-8 pieces; merge i yields id 256 + i.</summary>
    public static readonly (string Left, string Right)[] Merges =
    [
        (B(" "), "t"),          // 256 "Ġt"
        ("h", "e"),             // 257 "he"
        (B(" ") + "t", "he"),   // 258 "Ġthe"
        ("r", "e"),             // 259 "re"
        (B(" "), "re"),         // 260 "Ġre"
        (B(" ") + "re", "d"),   // 261 "Ġred"
        ("c", "u"),             // 262 "cu"
        ("cu", "b"),            // 263 "cub"
        ("cub", "e"),           // 264 "cube"
        (B(" "), "cube"),       // 265 "Ġcube"
        ("P", "i"),             // 266 "Pi"
        ("c", "k"),             // 267 "ck"
        ("Pi", "ck"),           // 268 "Pick"
        (B(" "), "u"),          // 269 "Ġu"
        (B(" ") + "u", "p"),    // 270 "Ġup"
        (B("é")[..1], B("é")[1..]), // 271 "Ã©" (é is C3 A9)
        ("c", "a"),             // 272 "ca"
        ("ca", "f"),            // 273 "caf"
        ("caf", B("é")),        // 274 "cafÃ©"
        (Bytes(0xE6), Bytes(0x97)),          // 275 first two bytes of 日 (E6 97 A5)
        (Bytes(0xE6, 0x97), Bytes(0xA5)),    // 276 日
        ("t", "h"),             // 277 "th": ranks below "Ġ t" and "h e", so "the" never uses it
        (B("\n"), B("\n")),     // 278 "ĊĊ"
        (B(" "), B(" ")),       // 279 "ĠĠ"
    ];

    public const int GT = 256, He = 257, GThe = 258, GRed = 261, GCube = 265, Pick = 268, GUp = 270, ETilde = 271,
        Cafe = 274, Nichi = 276, Th = 277, NewlineNewline = 278, SpaceSpace = 279;

    public const int ImStart = 300, ImEnd = 301, Image = 302, Robot = 303;

    /// <summary>SmolVLM2's components: no normalizer, Digits(individual) then ByteLevel(no prefix space), ByteLevel post-processor and decoder.</summary>
    public static JsonObject SmolLike(bool stringMerges = false)
    {
        var vocab = new JsonObject();
        for (int b = 0; b < 256; b++) vocab[Bytes((byte)b)] = b;
        var merges = new JsonArray();
        for (int i = 0; i < Merges.Length; i++)
        {
            var (l, r) = Merges[i];
            vocab[l + r] = 256 + i;
            merges.Add(stringMerges ? JsonValue.Create($"{l} {r}") : new JsonArray(l, r));
        }
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(
                Added(ImStart, "<|im_start|>"), Added(ImEnd, "<|im_end|>"), Added(Image, "<image>"),
                Added(Robot, "robot", special: false)),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Digits", ["individual_digits"] = true },
                    ByteLevel(addPrefixSpace: false)),
            },
            ["post_processor"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = merges,
            },
        };
    }

    public static JsonObject ByteLevel(bool addPrefixSpace) => new()
    {
        ["type"] = "ByteLevel", ["add_prefix_space"] = addPrefixSpace, ["trim_offsets"] = true, ["use_regex"] = true,
    };

    /// <summary>A TemplateProcessing post-processor: <c>&lt;|im_start|&gt; A &lt;|im_end|&gt;</c> (pair: <c>… A &lt;|im_end|&gt; B &lt;|im_end|&gt;</c>).</summary>
    public static JsonObject BosEosTemplate() => new()
    {
        ["type"] = "TemplateProcessing",
        ["single"] = new JsonArray(Special("<|im_start|>"), Sequence("A"), Special("<|im_end|>")),
        ["pair"] = new JsonArray(Special("<|im_start|>"), Sequence("A"), Special("<|im_end|>"), Sequence("B", 1), Special("<|im_end|>", 1)),
        ["special_tokens"] = new JsonObject
        {
            ["<|im_start|>"] = new JsonObject { ["id"] = "<|im_start|>", ["ids"] = new JsonArray(ImStart), ["tokens"] = new JsonArray("<|im_start|>") },
            ["<|im_end|>"] = new JsonObject { ["id"] = "<|im_end|>", ["ids"] = new JsonArray(ImEnd), ["tokens"] = new JsonArray("<|im_end|>") },
        },
    };

    public static JsonObject Added(int id, string content, bool special = true, bool lstrip = false, bool rstrip = false,
        bool singleWord = false, bool? normalized = null) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = singleWord, ["lstrip"] = lstrip, ["rstrip"] = rstrip,
        ["normalized"] = normalized ?? !special, ["special"] = special,
    };

    private static JsonObject Special(string id, int typeId = 0) =>
        new() { ["SpecialToken"] = new JsonObject { ["id"] = id, ["type_id"] = typeId } };

    private static JsonObject Sequence(string id, int typeId = 0) =>
        new() { ["Sequence"] = new JsonObject { ["id"] = id, ["type_id"] = typeId } };

    /// <summary>Writes <paramref name="json"/> as DIR/tokenizer.json (and a tokenizer_config.json naming the pad token) and loads it.</summary>
    public static BpeTokenizer Load(TempDirectory dir, JsonObject json, string? padToken = "<|im_end|>")
    {
        string path = Write(dir, json, padToken);
        return BpeTokenizer.Load(path);
    }

    public static string Write(TempDirectory dir, JsonObject json, string? padToken = "<|im_end|>")
    {
        string path = dir.File("tokenizer.json");
        File.WriteAllText(path, json.ToJsonString());
        string config = dir.File("tokenizer_config.json");
        if (padToken is null) File.Delete(config);
        else File.WriteAllText(config, new JsonObject { ["pad_token"] = padToken, ["tokenizer_class"] = "GPT2Tokenizer" }.ToJsonString());
        return path;
    }

    /// <summary>GPT-2's byte alphabet: printable Latin-1 bytes stand for themselves, the other 68 become U+0100.. in order.</summary>
    public static string Bytes(params byte[] bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
        {
            int shifted = 0;
            for (int v = 0; v < b; v++) if (!Printable(v)) shifted++;
            sb.Append(Printable(b) ? (char)b : (char)(256 + shifted));
        }
        return sb.ToString();
    }

    /// <summary>The alphabet spelling of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static string B(string text) => Bytes(Encoding.UTF8.GetBytes(text));

    /// <summary>The byte ids of <paramref name="text"/> (in this vocabulary, id = byte value).</summary>
    public static int[] ByteIds(string text) => Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();

    private static bool Printable(int b) => b is >= 0x21 and <= 0x7E or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
}
