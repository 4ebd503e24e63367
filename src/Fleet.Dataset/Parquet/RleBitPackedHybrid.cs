namespace Fleet.Dataset.Parquet;

/// <summary>
/// INTERNAL API. The RLE / bit-packed hybrid encoding Parquet uses for repetition and definition levels and
/// for dictionary indices. A run of 8 or more equal values becomes an RLE run (varint <c>count &lt;&lt; 1</c>, then
/// the value in <c>ceil(bitWidth/8)</c> bytes); everything else is bit-packed in groups of 8 values, LSB
/// first (varint <c>groups &lt;&lt; 1 | 1</c>). Only the final bit-packed group may carry padding, because
/// readers stop after the number of values the page header declares.
/// </summary>
internal static class RleBitPackedHybrid
{
    /// <summary>The number of bits needed to store <paramref name="maxValue"/>.</summary>
    public static int BitWidth(int maxValue) => maxValue == 0 ? 0 : 32 - int.LeadingZeroCount(maxValue);

    /// <summary>Encodes <paramref name="values"/> (each below 2^<paramref name="bitWidth"/>) and appends them to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, List<byte> output)
    {
        var literals = new List<int>();
        var i = 0;
        while (i < values.Length)
        {
            var run = 1;
            while (i + run < values.Length && values[i + run] == values[i]) run++;
            var fill = (8 - literals.Count % 8) % 8;
            if (run - fill >= 8)
            {
                for (var k = 0; k < fill; k++) literals.Add(values[i]);
                FlushLiterals(literals, bitWidth, output);
                WriteRle(values[i], run - fill, bitWidth, output);
            }
            else
            {
                for (var k = 0; k < run; k++) literals.Add(values[i]);
            }
            i += run;
        }
        FlushLiterals(literals, bitWidth, output);
    }

    private static void WriteRle(int value, int count, int bitWidth, List<byte> output)
    {
        WriteVarInt((uint)count << 1, output);
        for (var b = 0; b < (bitWidth + 7) / 8; b++) output.Add((byte)(value >> (8 * b)));
    }

    private static void FlushLiterals(List<int> literals, int bitWidth, List<byte> output)
    {
        if (literals.Count == 0) return;
        var groups = (literals.Count + 7) / 8;
        WriteVarInt(((uint)groups << 1) | 1, output);
        var bytes = new byte[groups * bitWidth];
        var bit = 0;
        foreach (var v in literals)
        {
            for (var b = 0; b < bitWidth; b++, bit++)
                if (((v >> b) & 1) != 0) bytes[bit >> 3] |= (byte)(1 << (bit & 7));
        }
        output.AddRange(bytes);
        literals.Clear();
    }

    private static void WriteVarInt(uint value, List<byte> output)
    {
        while (value >= 0x80) { output.Add((byte)(value | 0x80)); value >>= 7; }
        output.Add((byte)value);
    }

    /// <summary>Decodes <paramref name="count"/> values; returns the number of input bytes consumed.</summary>
    /// <exception cref="InvalidDataException">The input ends before <paramref name="count"/> values were read.</exception>
    public static int Decode(ReadOnlySpan<byte> input, int bitWidth, Span<int> destination, int count)
    {
        var pos = 0;
        var n = 0;
        while (n < count)
        {
            if (pos >= input.Length) throw new InvalidDataException($"RLE/bit-packed data ends after {n} of {count} values.");
            uint header = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (pos >= input.Length || shift > 28) throw new InvalidDataException("RLE/bit-packed run header is truncated.");
                var b = input[pos++];
                header |= (uint)(b & 0x7F) << shift;
                if (b < 0x80) break;
            }
            if ((header & 1) == 0)
            {
                var runLength = (int)(header >> 1);
                var width = (bitWidth + 7) / 8;
                if (pos + width > input.Length) throw new InvalidDataException("RLE run value is truncated.");
                var value = 0;
                for (var b = 0; b < width; b++) value |= input[pos + b] << (8 * b);
                pos += width;
                for (var k = 0; k < runLength && n < count; k++) destination[n++] = value;
            }
            else
            {
                var values = (int)(header >> 1) * 8;
                var byteCount = (int)(header >> 1) * bitWidth;
                if (pos + byteCount > input.Length) throw new InvalidDataException("Bit-packed run is truncated.");
                var bit = pos * 8;
                for (var k = 0; k < values; k++)
                {
                    var v = 0;
                    for (var b = 0; b < bitWidth; b++, bit++)
                        if ((input[bit >> 3] >> (bit & 7) & 1) != 0) v |= 1 << b;
                    if (n < count) destination[n++] = v;
                }
                pos += byteCount;
            }
        }
        return pos;
    }
}
