using System.Text;

namespace Fleet.Policy.Tokenizers.PreTokenizers;

/// <summary>
/// INTERNAL API. <c>{"type": "ByteLevel", "add_prefix_space", "use_regex", "trim_offsets"}</c>: optionally prefixes a
/// space to every piece that does not start with one, optionally splits with <see cref="Gpt2Pattern"/>, then rewrites
/// each piece as its UTF-8 bytes in <see cref="ByteLevelAlphabet"/> characters ("é" → "Ã©", " a" → "Ġa").
/// <c>trim_offsets</c> only concerns character offsets, which Fleet does not report.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : PreTokenizer
{
    public bool AddPrefixSpace { get; } = addPrefixSpace;
    public bool UseRegex { get; } = useRegex;

    public override void Apply(PieceBuffer buffer)
    {
        if (AddPrefixSpace) PrefixSpaces(buffer);

        // Worst case 3 alphabet characters per UTF-16 unit (a BMP scalar of 3 UTF-8 bytes).
        buffer.EnsureSpare(buffer.TotalLength() * 3);
        buffer.BeginPass();
        for (int p = 0; p < buffer.Count; p++)
        {
            var text = buffer[p];
            if (!UseRegex)
            {
                WriteMapped(buffer, text);
                continue;
            }
            for (int at = 0; at < text.Length;)
            {
                int length = Gpt2Pattern.MatchLength(text[at..]);
                WriteMapped(buffer, text.Slice(at, length));
                at += length;
            }
        }
        buffer.EndPass();
    }

    private static void PrefixSpaces(PieceBuffer buffer)
    {
        buffer.EnsureSpare(buffer.TotalLength() + buffer.Count);
        buffer.BeginPass();
        for (int p = 0; p < buffer.Count; p++)
        {
            var text = buffer[p];
            if (text.Length > 0 && text[0] == ' ')
            {
                buffer.Keep(p, 0, text.Length);
                continue;
            }
            var target = buffer.Reserve(text.Length + 1);
            target[0] = ' ';
            text.CopyTo(target[1..]);
            buffer.Commit(text.Length + 1);
        }
        buffer.EndPass();
    }

    private static void WriteMapped(PieceBuffer buffer, ReadOnlySpan<char> text)
    {
        var target = buffer.Reserve(text.Length * 3);
        int n = 0;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes()) // an unpaired surrogate enumerates as U+FFFD
        {
            int count = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < count; i++) target[n++] = ByteLevelAlphabet.ToChar(utf8[i]);
        }
        buffer.Commit(n);
    }

    /// <summary>
    /// The UTF-8 bytes that <paramref name="tokenText"/> stands for. A token with any character outside the alphabet
    /// (an added token written with a plain space or CJK text, say) is taken as plain text: its UTF-8 as is.
    /// </summary>
    public static void AppendBytes(ReadOnlySpan<char> tokenText, List<byte> output)
    {
        foreach (char c in tokenText)
        {
            if (ByteLevelAlphabet.ToByte(c) >= 0) continue;
            output.AddRange(System.Text.Encoding.UTF8.GetBytes(tokenText.ToString()));
            return;
        }
        foreach (char c in tokenText) output.Add((byte)ByteLevelAlphabet.ToByte(c));
    }
}
