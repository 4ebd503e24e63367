using System.Text.RegularExpressions;

namespace Fleet.Policy.Tokenizers;

/// <summary>INTERNAL API. Reads a tokenizer.json pattern, <c>{"String": "..."}</c> (literal) or <c>{"Regex": "..."}</c>.</summary>
internal static class PatternReader
{
    public static Regex Read(JsonField pattern)
    {
        if (pattern.Find("String") is { } literal)
            return new Regex(Regex.Escape(literal.GetString()), RegexOptions.CultureInvariant);
        if (pattern.Find("Regex") is { } regex)
        {
            string source = regex.GetString();
            try
            {
                return new Regex(source, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw regex.Error($"= \"{source}\" is not a regex .NET can compile ({e.Message})");
            }
        }
        throw pattern.Error("must be {\"String\": ...} or {\"Regex\": ...}");
    }

    /// <summary>The literal text of a <c>{"String": ...}</c> pattern; a regex pattern is refused.</summary>
    public static string ReadLiteral(JsonField pattern) =>
        pattern.Find("String")?.GetString() ?? throw pattern.Error("must be {\"String\": ...} here (regex patterns are not supported in decoders)");
}
