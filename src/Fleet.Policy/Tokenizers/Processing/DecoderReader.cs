namespace Fleet.Policy.Tokenizers.Processing;

/// <summary>INTERNAL API. Reads tokenizer.json's <c>decoder</c>.</summary>
internal static class DecoderReader
{
    private const string Supported = "ByteLevel, ByteFallback, Fuse, Replace, Strip, Sequence";

    public static TokenDecoder Read(JsonField field)
    {
        string type = field.Type();
        return type switch
        {
            "ByteLevel" => new ByteLevelDecoder(),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Replace" => new ReplaceDecoder(PatternReader.ReadLiteral(field.Get("pattern")), field.Get("content").GetString()),
            "Strip" => new StripDecoder(ReadChar(field.Get("content")), field.Get("start").GetInt(), field.Get("stop").GetInt()),
            "Sequence" => new SequenceDecoder(field.Get("decoders").Items().Select(Read).ToArray()),
            _ => throw field.Unsupported("decoder", type, Supported),
        };
    }

    private static char ReadChar(JsonField field)
    {
        string text = field.GetString();
        return text.Length == 1 ? text[0] : throw field.Error($"= \"{text}\" must be a single character");
    }
}
