using System.Text;

namespace Fleet.Policy.Tokenizers.Normalizers;

/// <summary>INTERNAL API. Reads tokenizer.json's <c>normalizer</c>.</summary>
internal static class NormalizerReader
{
    private const string Supported = "NFC, NFD, NFKC, NFKD, Lowercase, Strip, Prepend, Replace, Sequence";

    public static TextNormalizer Read(JsonField field)
    {
        string type = field.Type();
        string where = $"{field.File}: {field.Path}";
        return type switch
        {
            "NFC" => new UnicodeNormalizer(NormalizationForm.FormC, type, where),
            "NFD" => new UnicodeNormalizer(NormalizationForm.FormD, type, where),
            "NFKC" => new UnicodeNormalizer(NormalizationForm.FormKC, type, where),
            "NFKD" => new UnicodeNormalizer(NormalizationForm.FormKD, type, where),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(field.OptionalBool("strip_left", true), field.OptionalBool("strip_right", true)),
            "Prepend" => new PrependNormalizer(field.Get("prepend").GetString()),
            "Replace" => new ReplaceNormalizer(PatternReader.Read(field.Get("pattern")), field.Get("content").GetString()),
            "Sequence" => new SequenceNormalizer(field.Get("normalizers").Items().Select(Read).ToArray()),
            _ => throw field.Unsupported("normalizer", type, Supported),
        };
    }
}
