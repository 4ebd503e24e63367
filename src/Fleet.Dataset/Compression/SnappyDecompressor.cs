using System.Buffers.Binary;

namespace Fleet.Dataset.Compression;

/// <summary>
/// Snappy raw-format decompressor. Every length and offset is bounds-checked before use: a corrupt input
/// raises <see cref="InvalidDataException"/> naming the byte position, never an out-of-range write.
/// </summary>
public static class SnappyDecompressor
{
    /// <summary>Reads the uncompressed length stored at the start of a Snappy block.</summary>
    /// <exception cref="InvalidDataException">The varint is truncated or longer than 32 bits.</exception>
    public static int GetUncompressedLength(ReadOnlySpan<byte> source) => (int)ReadVarInt(source, out _);

    /// <summary>Decompresses a whole Snappy block into a new array.</summary>
    /// <exception cref="InvalidDataException">The block is corrupt (position in the message).</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> source)
    {
        var length = ReadVarInt(source, out var pos);
        if (length > int.MaxValue) throw new InvalidDataException($"Snappy block claims {length} bytes, more than this reader supports.");
        var output = new byte[length];
        var o = 0;
        while (pos < source.Length)
        {
            var tag = source[pos++];
            switch (tag & 3)
            {
                case 0:
                    var lit = (tag >> 2) + 1;
                    if (lit > 60)
                    {
                        var extra = lit - 60;
                        Need(source, pos, extra);
                        lit = 0;
                        for (var k = 0; k < extra; k++) lit |= source[pos + k] << (8 * k);
                        lit += 1;
                        pos += extra;
                    }
                    Need(source, pos, lit);
                    if (o + lit > output.Length) throw Corrupt(pos, "literal runs past the declared length");
                    source.Slice(pos, lit).CopyTo(output.AsSpan(o));
                    pos += lit; o += lit;
                    break;
                case 1:
                    Need(source, pos, 1);
                    o = Copy(output, o, ((tag >> 5) << 8) | source[pos], ((tag >> 2) & 7) + 4, pos);
                    pos += 1;
                    break;
                case 2:
                    Need(source, pos, 2);
                    o = Copy(output, o, BinaryPrimitives.ReadUInt16LittleEndian(source[pos..]), (tag >> 2) + 1, pos);
                    pos += 2;
                    break;
                default:
                    Need(source, pos, 4);
                    o = Copy(output, o, (int)BinaryPrimitives.ReadUInt32LittleEndian(source[pos..]), (tag >> 2) + 1, pos);
                    pos += 4;
                    break;
            }
        }
        if (o != output.Length) throw Corrupt(pos, $"produced {o} bytes but the header declared {output.Length}");
        return output;
    }

    private static int Copy(byte[] output, int o, int offset, int length, int pos)
    {
        if (offset <= 0 || offset > o) throw Corrupt(pos, $"copy offset {offset} reaches before the start of the output ({o} bytes so far)");
        if (o + length > output.Length) throw Corrupt(pos, "copy runs past the declared length");
        // Byte by byte: an overlapping copy (offset < length) repeats the pattern, as the format requires.
        for (var k = 0; k < length; k++) output[o + k] = output[o + k - offset];
        return o + length;
    }

    private static void Need(ReadOnlySpan<byte> source, int pos, int count)
    {
        if (pos + count > source.Length) throw Corrupt(pos, $"needs {count} more bytes but the block ends");
    }

    private static uint ReadVarInt(ReadOnlySpan<byte> source, out int pos)
    {
        uint value = 0;
        for (pos = 0; pos < 5; pos++)
        {
            if (pos >= source.Length) throw Corrupt(pos, "length varint is truncated");
            var b = source[pos];
            value |= (uint)(b & 0x7F) << (7 * pos);
            if (b < 0x80) { pos++; return value; }
        }
        throw Corrupt(pos, "length varint is longer than 5 bytes");
    }

    private static InvalidDataException Corrupt(int pos, string what) => new($"Corrupt Snappy block at byte {pos}: {what}.");
}
