using System.Globalization;
using System.Text;

namespace Fleet.Policy.Tokenizers;

/// <summary>
/// INTERNAL API. Finds added tokens in text the way the reference library's Aho-Corasick matcher does: leftmost
/// match first, the longest token on a tie, non-overlapping. A <c>single_word</c> token touching a word character is
/// passed over (that text stays ordinary text and the search goes on after it); <c>lstrip</c>/<c>rstrip</c> widen a
/// match over neighbouring whitespace.
/// </summary>
internal sealed class AddedTokenMatcher
{
    // Candidates by first character, longest first.
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    /// <summary>
    /// The next match in <paramref name="text"/> at or after <paramref name="from"/>: its range, lstrip/rstrip
    /// whitespace included (never reaching back before <paramref name="from"/>), and its id.
    /// </summary>
    public bool FindNext(ReadOnlySpan<char> text, int from, out int start, out int end, out int id)
    {
        for (int scan = from; scan < text.Length; scan++)
        {
            if (!_byFirstChar.TryGetValue(text[scan], out var candidates)) continue;
            var token = Longest(text[scan..], candidates);
            if (token is null) continue;
            start = scan;
            end = scan + token.Content.Length;
            if (token.SingleWord && (EndsWithWordChar(text[..start]) || StartsWithWordChar(text[end..])))
            {
                scan = end - 1; // the matcher resumes after the rejected match
                continue;
            }
            if (token.LStrip)
                while (start > from && Rune.DecodeLastFromUtf16(text[..start], out var r, out int w) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(r))
                    start -= w;
            if (token.RStrip)
                while (end < text.Length && Rune.DecodeFromUtf16(text[end..], out var r, out int w) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(r))
                    end += w;
            id = token.Id;
            return true;
        }
        start = end = id = -1;
        return false;
    }

    private static AddedToken? Longest(ReadOnlySpan<char> text, AddedToken[] candidates)
    {
        foreach (var token in candidates)
            if (text.StartsWith(token.Content, StringComparison.Ordinal)) return token;
        return null;
    }

    private static bool EndsWithWordChar(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeLastFromUtf16(text, out var r, out _) == System.Buffers.OperationStatus.Done && IsWordChar(r);

    private static bool StartsWithWordChar(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeFromUtf16(text, out var r, out _) == System.Buffers.OperationStatus.Done && IsWordChar(r);

    /// <summary>Regex <c>\w</c> in Unicode mode: letters, marks, decimal digits, connector punctuation ('_').</summary>
    private static bool IsWordChar(Rune r) => Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.ConnectorPunctuation => true,
        _ => r.Value is 0x200C or 0x200D, // Join_Control
    };
}
