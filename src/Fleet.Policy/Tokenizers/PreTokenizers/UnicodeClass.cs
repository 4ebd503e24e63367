using System.Globalization;
using System.Text;

namespace Fleet.Policy.Tokenizers.PreTokenizers;

/// <summary>
/// INTERNAL API. The character classes of the Oniguruma patterns that tokenizer.json files are written for, decided
/// per Unicode scalar (so a letter outside the BMP is one letter, not two surrogates): <c>\p{L}</c>, <c>\p{N}</c>
/// and <c>\s</c> (TAB..CR, U+0085 and the Zs/Zl/Zp separators).
/// </summary>
internal static class UnicodeClass
{
    public enum Kind : byte { Letter, Number, Space, Other }

    /// <summary>The class of the scalar at the start of <paramref name="text"/> and its length in UTF-16 units.</summary>
    public static Kind At(ReadOnlySpan<char> text, out int width)
    {
        char c = text[0];
        if (c < 0x80)
        {
            width = 1;
            return c switch
            {
                >= 'a' and <= 'z' or >= 'A' and <= 'Z' => Kind.Letter,
                >= '0' and <= '9' => Kind.Number,
                ' ' or >= '\t' and <= '\r' => Kind.Space,
                _ => Kind.Other,
            };
        }
        // A lone surrogate decodes as invalid: it is "other" text (UTF-8 encoding later turns it into U+FFFD).
        if (Rune.DecodeFromUtf16(text, out var rune, out width) != System.Buffers.OperationStatus.Done)
            return Kind.Other;
        return Classify(rune);
    }

    public static Kind Classify(Rune rune)
    {
        if (rune.Value == 0x85) return Kind.Space;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Kind.Number,
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => Kind.Space,
            UnicodeCategory.Control when rune.Value is >= '\t' and <= '\r' => Kind.Space,
            _ => Kind.Other,
        };
    }

    /// <summary>The length of the run of scalars of class <paramref name="kind"/> at the start of <paramref name="text"/>.</summary>
    public static int RunLength(ReadOnlySpan<char> text, Kind kind)
    {
        int i = 0;
        while (i < text.Length && At(text[i..], out int w) == kind) i += w;
        return i;
    }

    /// <summary>The length of the run of scalars at the start of <paramref name="text"/> that are not letters, numbers or spaces.</summary>
    public static int OtherRunLength(ReadOnlySpan<char> text) => RunLength(text, Kind.Other);
}
