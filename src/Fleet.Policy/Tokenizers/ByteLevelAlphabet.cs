namespace Fleet.Policy.Tokenizers;

/// <summary>
/// INTERNAL API. GPT-2's reversible map from the 256 byte values to 256 printable characters, which byte-level BPE
/// vocabularies are written in. The 188 bytes that are already visible Latin-1 characters ('!'..'~', '¡'..'¬',
/// '®'..'ÿ') stand for themselves; the other 68 (controls, space, DEL, NBSP, soft hyphen) become U+0100.. in byte
/// order, so the space 0x20 is 'Ġ' (U+0120) and the newline 0x0A is 'Ċ' (U+010A).
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly short[] s_charToByte = BuildCharToByte(s_byteToChar);

    /// <summary>The character that stands for <paramref name="b"/>.</summary>
    public static char ToChar(byte b) => s_byteToChar[b];

    /// <summary>The byte a character stands for, or -1 when it is not one of the 256 alphabet characters.</summary>
    public static int ToByte(char c) => c < s_charToByte.Length ? s_charToByte[c] : -1;

    private static bool IsSelfMapped(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
            map[b] = IsSelfMapped(b) ? (char)b : (char)next++;
        return map;
    }

    private static short[] BuildCharToByte(char[] byteToChar)
    {
        var map = new short[256 + 68];
        Array.Fill(map, (short)-1);
        for (int b = 0; b < 256; b++)
            map[byteToChar[b]] = (short)b;
        return map;
    }
}
