using static Fleet.Policy.Tokenizers.PreTokenizers.UnicodeClass;

namespace Fleet.Policy.Tokenizers.PreTokenizers;

/// <summary>
/// INTERNAL API. GPT-2's split pattern, the one ByteLevel applies when <c>use_regex</c> is true:
/// <code>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</code>
/// written out as a scanner with the regex's exact semantics (leftmost alternative wins, greedy runs, the
/// look-ahead backing off one whitespace character so that a space stays with the word after it). It matches every
/// character, so the pieces tile the text. Hand-written rather than a .NET Regex because .NET classifies UTF-16 units,
/// not scalars (a letter outside the BMP would not be <c>\p{L}</c>), and because it allocates nothing.
/// </summary>
internal static class Gpt2Pattern
{
    /// <summary>The length of the match at the start of <paramref name="text"/> (non-empty), in UTF-16 units.</summary>
    public static int MatchLength(ReadOnlySpan<char> text)
    {
        char c = text[0];
        if (c == '\'' && ContractionLength(text) is > 0 and var contraction)
            return contraction;

        // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": an optional ASCII space, then a run of one class.
        int start = c == ' ' && text.Length > 1 ? 1 : 0;
        var kind = At(text[start..], out _);
        if (kind != Kind.Space)
            return start + RunLength(text[start..], kind);

        // "\s+(?!\S)" then "\s+": a whitespace run, minus its last character when a non-space follows it.
        int run = RunLength(text, Kind.Space);
        if (run == text.Length || run == 1) return run;
        return run - 1;
    }

    private static int ContractionLength(ReadOnlySpan<char> text)
    {
        if (text.Length < 2) return 0;
        char d = text[1];
        if (d is 's' or 't' or 'm' or 'd') return 2;
        if (text.Length < 3) return 0;
        char e = text[2];
        return (d, e) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 3 : 0;
    }
}
