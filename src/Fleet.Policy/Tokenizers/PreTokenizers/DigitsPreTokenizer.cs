namespace Fleet.Policy.Tokenizers.PreTokenizers;

/// <summary>
/// INTERNAL API. <c>{"type": "Digits", "individual_digits"}</c>: numbers (<c>\p{N}</c>) become pieces of their own,
/// one per digit when <c>individual_digits</c> is true, else one per run of digits. SmolLM2's tokenizer (and so
/// SmolVLM2's) runs this before ByteLevel, so "a 12" pre-tokenizes to "a", " ", "1", "2".
/// </summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : PreTokenizer
{
    public bool IndividualDigits { get; } = individualDigits;

    public override void Apply(PieceBuffer buffer)
    {
        buffer.BeginPass();
        for (int p = 0; p < buffer.Count; p++)
        {
            var text = buffer[p];
            int plainStart = 0;
            for (int at = 0; at < text.Length;)
            {
                if (UnicodeClass.At(text[at..], out int width) != UnicodeClass.Kind.Number)
                {
                    at += width;
                    continue;
                }
                int length = IndividualDigits ? width : UnicodeClass.RunLength(text[at..], UnicodeClass.Kind.Number);
                buffer.Keep(p, plainStart, at - plainStart);
                buffer.Keep(p, at, length);
                at += length;
                plainStart = at;
            }
            buffer.Keep(p, plainStart, text.Length - plainStart);
        }
        buffer.EndPass();
    }
}
