using System.Text;
using System.Text.RegularExpressions;

namespace Fleet.Policy.Tokenizers.Normalizers;

/// <summary>
/// INTERNAL API. One step of tokenizer.json's <c>normalizer</c>: rewrites the text between added tokens before it is
/// pre-tokenized. SmolVLM2's tokenizer has none (<c>"normalizer": null</c>).
/// </summary>
internal abstract class TextNormalizer
{
    public abstract string Normalize(string text);
}

/// <summary>INTERNAL API. <c>Sequence</c>: the steps in order.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<TextNormalizer> steps) : TextNormalizer
{
    public override string Normalize(string text)
    {
        foreach (var step in steps) text = step.Normalize(text);
        return text;
    }
}

/// <summary>
/// INTERNAL API. <c>NFC</c>, <c>NFD</c>, <c>NFKC</c>, <c>NFKD</c>. Unicode normalization needs ICU; a process in
/// globalization-invariant mode (Fleet's default) cannot normalize non-ASCII text, so such text is refused with
/// a clear error rather than passed on unnormalized (ASCII text is its own normal form in all four forms).
/// </summary>
internal sealed class UnicodeNormalizer(NormalizationForm form, string name, string where) : TextNormalizer
{
    private readonly bool _available = Probe(form);

    public override string Normalize(string text)
    {
        if (Ascii.IsValid(text)) return text;
        if (!_available)
            throw new TokenizerException(
                $"{where}: {name} normalization of non-ASCII text needs ICU, but this process runs in globalization-invariant " +
                "mode (InvariantGlobalization=true); run without it (and with libicu installed) to use this tokenizer on non-ASCII text.");
        return text.Normalize(form);
    }

    private static bool Probe(NormalizationForm form)
    {
        try
        {
            // U+00C5 (Å) decomposes under every form's D and recomposes under C; invariant mode leaves it as is.
            string decomposed = "\u00C5".Normalize(NormalizationForm.FormD);
            return decomposed.Length == 2 && decomposed.Normalize(form).Length == (form is NormalizationForm.FormC or NormalizationForm.FormKC ? 1 : 2);
        }
        catch (PlatformNotSupportedException)
        {
            return false;
        }
    }
}

/// <summary>INTERNAL API. <c>Lowercase</c> (Unicode simple case mapping, culture-invariant).</summary>
internal sealed class LowercaseNormalizer : TextNormalizer
{
    public override string Normalize(string text) => text.ToLowerInvariant();
}

/// <summary>INTERNAL API. <c>Strip</c>: removes whitespace on the left and/or right.</summary>
internal sealed class StripNormalizer(bool left, bool right) : TextNormalizer
{
    public override string Normalize(string text) => (left, right) switch
    {
        (true, true) => text.Trim(),
        (true, false) => text.TrimStart(),
        (false, true) => text.TrimEnd(),
        _ => text,
    };
}

/// <summary>INTERNAL API. <c>Prepend</c>: puts a string in front of non-empty text.</summary>
internal sealed class PrependNormalizer(string prefix) : TextNormalizer
{
    public override string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}

/// <summary>INTERNAL API. <c>Replace</c>: every match of a literal or regex pattern becomes <c>content</c>.</summary>
internal sealed class ReplaceNormalizer(Regex pattern, string content) : TextNormalizer
{
    public override string Normalize(string text) => pattern.Replace(text, content.Replace("$", "$$", StringComparison.Ordinal));
}
