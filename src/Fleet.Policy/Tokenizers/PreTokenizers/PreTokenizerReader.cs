namespace Fleet.Policy.Tokenizers.PreTokenizers;

/// <summary>INTERNAL API. Reads tokenizer.json's <c>pre_tokenizer</c>.</summary>
internal static class PreTokenizerReader
{
    private const string Supported = "ByteLevel, Digits, Split, Sequence";

    public static PreTokenizer Read(JsonField field)
    {
        string type = field.Type();
        return type switch
        {
            "ByteLevel" => new ByteLevelPreTokenizer(field.OptionalBool("add_prefix_space", true), field.OptionalBool("use_regex", true)),
            "Digits" => new DigitsPreTokenizer(field.OptionalBool("individual_digits", false)),
            "Split" => new SplitPreTokenizer(PatternReader.Read(field.Get("pattern")), ReadBehavior(field.Get("behavior")), field.OptionalBool("invert", false)),
            "Sequence" => new SequencePreTokenizer(field.Get("pretokenizers").Items().Select(Read).ToArray()),
            _ => throw field.Unsupported("pre-tokenizer", type, Supported),
        };
    }

    private static SplitBehavior ReadBehavior(JsonField field)
    {
        string name = field.GetString();
        return Enum.TryParse<SplitBehavior>(name, ignoreCase: false, out var behavior) && Enum.IsDefined(behavior)
            ? behavior
            : throw field.Error($"= \"{name}\" is not a split behavior (Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous)");
    }
}
