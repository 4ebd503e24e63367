using System.Text.Json.Nodes;
using Fleet.Policy.Tests.Infrastructure;
using Fleet.Policy.Tokenizers;
using static Fleet.Policy.Tests.Tokenizers.TokenizerFixture;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>Bad or unsupported tokenizer files: each error names the file and the JSON path.</summary>
public sealed class TokenizerLoadErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private TokenizerException LoadFails(Action<JsonObject> edit, string? padToken = "<|im_end|>")
    {
        var json = SmolLike();
        edit(json);
        string path = Write(_dir, json, padToken);
        var e = Assert.Throws<TokenizerException>(() => BpeTokenizer.Load(path));
        Assert.StartsWith(path, e.Message);
        return e;
    }

    [Fact]
    public void Load_MissingFile_SaysNotFound()
    {
        var e = Assert.Throws<TokenizerException>(() => BpeTokenizer.Load(_dir.File("absent/tokenizer.json")));
        Assert.Contains("absent/tokenizer.json: tokenizer file not found", e.Message);
    }

    [Fact]
    public void Load_NotJson_NamesLine()
    {
        string path = _dir.File("tokenizer.json");
        File.WriteAllText(path, "{\n  \"model\": {\n    \"vocab\": oops\n}");
        var e = Assert.Throws<TokenizerException>(() => BpeTokenizer.Load(path));
        Assert.Contains("tokenizer.json:3: not valid JSON", e.Message);
    }

    [Fact]
    public void Load_UnsupportedPreTokenizerInSequence_NamesPathAndType()
    {
        var e = LoadFails(j => j["pre_tokenizer"]!["pretokenizers"]!.AsArray()[1] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁" });
        Assert.Contains("tokenizer.json: pre_tokenizer.pretokenizers[1].type = \"Metaspace\" is not supported", e.Message);
        Assert.Contains("ByteLevel, Digits, Split, Sequence", e.Message);
    }

    [Fact]
    public void Load_UnsupportedModel_NamesType()
    {
        var e = LoadFails(j => j["model"]!["type"] = "WordPiece");
        Assert.Contains("model.type = \"WordPiece\" is not supported (Fleet's models: BPE)", e.Message);
    }

    [Fact]
    public void Load_UnsupportedNormalizerDecoderPostProcessor_NamePaths()
    {
        Assert.Contains("normalizer.normalizers[0].type = \"BertNormalizer\" is not supported",
            LoadFails(j => j["normalizer"] = new JsonObject { ["type"] = "Sequence", ["normalizers"] = new JsonArray(new JsonObject { ["type"] = "BertNormalizer" }) }).Message);
        Assert.Contains("decoder.type = \"WordPiece\" is not supported",
            LoadFails(j => j["decoder"] = new JsonObject { ["type"] = "WordPiece" }).Message);
        Assert.Contains("post_processor.type = \"Custom\" is not supported",
            LoadFails(j => j["post_processor"] = new JsonObject { ["type"] = "Custom" }).Message);
    }

    [Fact]
    public void Load_MergeOfUnknownToken_NamesMergeIndexAndToken()
    {
        var e = LoadFails(j => j["model"]!["merges"]!.AsArray()[3] = new JsonArray("r", "zz"));
        Assert.Contains("model.merges[3] names \"zz\", which is not in model.vocab", e.Message);
    }

    [Fact]
    public void Load_MergeResultNotInVocab_NamesIt()
    {
        var e = LoadFails(j => j["model"]!["merges"]!.AsArray().Add(new JsonArray("x", "y")));
        Assert.Contains("merges \"x\" and \"y\" into \"xy\", which is not in model.vocab", e.Message);
    }

    [Fact]
    public void Load_MalformedStringMerge_QuotesIt()
    {
        var e = LoadFails(j => j["model"]!["merges"]!.AsArray()[0] = "Ġt");
        Assert.Contains("model.merges[0] = \"Ġt\" is not a merge", e.Message);
    }

    [Fact]
    public void Load_AddedTokenIdOfWrongType_NamesPathAndValue()
    {
        var e = LoadFails(j => j["added_tokens"]!.AsArray()[1]!["id"] = "301");
        Assert.Contains("added_tokens[1].id must be a number, not the string \"301\"", e.Message);
    }

    [Fact]
    public void Load_MissingVocab_SaysRequired()
    {
        var e = LoadFails(j => j["model"]!.AsObject().Remove("vocab"));
        Assert.Contains("model.vocab is missing", e.Message);
    }

    [Fact]
    public void Load_UnknownSpecialTokenInTemplate_NamesIt()
    {
        var e = LoadFails(j =>
        {
            var t = BosEosTemplate();
            t["single"]!.AsArray()[0]!["SpecialToken"]!["id"] = "<s>";
            j["post_processor"] = t;
        });
        Assert.Contains("post_processor.single[0].SpecialToken.id = \"<s>\" is not listed in special_tokens", e.Message);
    }

    [Fact]
    public void Load_PadTokenNotInVocabulary_NamesConfigFile()
    {
        string path = Write(_dir, SmolLike(), padToken: "<pad>");
        var e = Assert.Throws<TokenizerException>(() => BpeTokenizer.Load(path));
        Assert.Contains("tokenizer_config.json: pad_token = \"<pad>\" is neither an added token nor in the vocabulary", e.Message);
    }

    [Fact]
    public void Load_BadSplitRegex_NamesPattern()
    {
        var e = LoadFails(j => j["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = "(unclosed" }, ["behavior"] = "Isolated", ["invert"] = false,
        });
        Assert.Contains("pre_tokenizer.pattern.Regex = \"(unclosed\" is not a regex", e.Message);
    }

    [Fact]
    public void Encode_NfcNormalizerOnNonAsciiWithoutIcu_ExplainsWhy()
    {
        var json = SmolLike();
        json["normalizer"] = new JsonObject { ["type"] = "NFC" };
        var tok = Load(_dir, json);
        Assert.Equal([Pick], tok.Encode("Pick", addSpecialTokens: false).Ids); // ASCII is its own normal form
        if (string.Equals("e\u0301".Normalize(System.Text.NormalizationForm.FormC), "é", StringComparison.Ordinal))
        {
            Assert.Equal([ETilde], tok.Encode("e\u0301").Ids);
            return;
        }
        var e = Assert.Throws<TokenizerException>(() => tok.Encode("café"));
        Assert.Contains("normalizer: NFC normalization of non-ASCII text needs ICU", e.Message);
        Assert.Contains("InvariantGlobalization", e.Message);
    }
}
