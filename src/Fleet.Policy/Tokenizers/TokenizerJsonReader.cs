using System.Text.Json;
using Fleet.Policy.Tokenizers.Models;
using Fleet.Policy.Tokenizers.Normalizers;
using Fleet.Policy.Tokenizers.PreTokenizers;
using Fleet.Policy.Tokenizers.Processing;

namespace Fleet.Policy.Tokenizers;

/// <summary>INTERNAL API. Everything a <see cref="BpeTokenizer"/> is built from.</summary>
internal sealed record TokenizerParts(
    BpeModel Model,
    IReadOnlyList<AddedToken> AddedTokens,
    TextNormalizer? Normalizer,
    PreTokenizer? PreTokenizer,
    PostProcessor PostProcessor,
    TokenDecoder? Decoder,
    int? PadTokenId);

/// <summary>
/// INTERNAL API. Reads a Hugging Face <c>tokenizer.json</c> (and the <c>tokenizer_config.json</c> beside it, for the
/// pad token) into <see cref="TokenizerParts"/>. Every problem is a <see cref="TokenizerException"/> naming the file
/// and the JSON path.
/// </summary>
internal static class TokenizerJsonReader
{
    public static TokenizerParts Read(string path)
    {
        using var document = Parse(path);
        var root = new JsonField(path, "", document.RootElement);
        if (root.Element.ValueKind != JsonValueKind.Object)
            throw root.Error("must be a JSON object (a Hugging Face tokenizer.json)");

        var model = BpeModelReader.Read(root.Get("model"));
        var added = ReadAddedTokens(root.Find("added_tokens"), model);
        var normalizer = root.Find("normalizer") is { } n ? NormalizerReader.Read(n) : null;
        var preTokenizer = root.Find("pre_tokenizer") is { } p ? PreTokenizerReader.Read(p) : null;
        var post = root.Find("post_processor") is { } pp ? PostProcessorReader.Read(pp, model, added) : PostProcessor.None;
        var decoder = root.Find("decoder") is { } d ? DecoderReader.Read(d) : null;
        int? pad = PadTokenReader.Read(path, root, model, added);
        return new TokenizerParts(model, added, normalizer, preTokenizer, post, decoder, pad);
    }

    /// <summary>Parses a JSON file, turning "missing" and "not JSON" into errors that name it.</summary>
    public static JsonDocument Parse(string path)
    {
        if (!File.Exists(path))
            throw new TokenizerException($"{path}: tokenizer file not found (a Hugging Face tokenizer.json, e.g. from the VLM's repository).");
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TokenizerException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message}).");
        }
    }

    private static IReadOnlyList<AddedToken> ReadAddedTokens(JsonField? field, BpeModel model)
    {
        if (field is not { } list) return [];
        var tokens = new List<AddedToken>();
        foreach (var item in list.Items())
        {
            bool special = item.OptionalBool("special", false);
            string content = item.Get("content").GetString();
            if (content.Length == 0) throw item.Get("content").Error("is empty; an added token needs text to match");
            tokens.Add(new AddedToken(
                item.Get("id").GetInt(), content, special,
                item.OptionalBool("single_word", false), item.OptionalBool("lstrip", false), item.OptionalBool("rstrip", false),
                item.OptionalBool("normalized", !special)));
        }
        return tokens;
    }

    /// <summary>The id of <paramref name="token"/>: an added token's, else the model vocabulary's.</summary>
    public static int? IdOf(string token, BpeModel model, IReadOnlyList<AddedToken> added)
    {
        foreach (var t in added) if (t.Content == token) return t.Id;
        return model.Vocab.TryGetValue(token, out int id) ? id : null;
    }
}
