using System.Buffers.Binary;

namespace Fleet.Dataset.Compression;

/// <summary>
/// Snappy raw-format compressor (the block format Parquet's SNAPPY codec uses, without framing).
/// Output: the uncompressed length as a varint, then literal and copy elements. Matching is greedy over a
/// 4-byte hash table within independent 64 KiB blocks, so every copy offset fits the 2-byte form.
/// </summary>
/// <remarks>
/// Trade-off: one hash probe per position (no chains) is fast and compresses well enough for Parquet pages;
/// it never produces output larger than <see cref="MaxCompressedLength"/>.
/// </remarks>
public static class SnappyCompressor
{
    private const int BlockSize = 1 << 16;
    private const int HashBits = 14;

    /// <summary>The worst-case compressed size for an input of <paramref name="sourceLength"/> bytes.</summary>
    public static int MaxCompressedLength(int sourceLength) => 32 + sourceLength + sourceLength / 6;

    /// <summary>Compresses <paramref name="source"/> into a new array.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> source)
    {
        var buffer = new byte[MaxCompressedLength(source.Length)];
        var n = Compress(source, buffer);
        return buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is smaller than <see cref="MaxCompressedLength"/>.</exception>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < MaxCompressedLength(source.Length))
            throw new ArgumentException($"Snappy needs a destination of {MaxCompressedLength(source.Length)} bytes for {source.Length} input bytes; got {destination.Length}.", nameof(destination));
        var pos = WriteVarInt(destination, (uint)source.Length);
        Span<ushort> table = stackalloc ushort[1 << HashBits];
        for (var start = 0; start < source.Length; start += BlockSize)
        {
            var block = source.Slice(start, Math.Min(BlockSize, source.Length - start));
            table.Clear();
            pos += CompressBlock(block, destination[pos..], table);
        }
        return pos;
    }

    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> dest, Span<ushort> table)
    {
        var outPos = 0;
        var literalStart = 0;
        var i = 0;
        var limit = block.Length - 4;
        while (i <= limit)
        {
            var word = BinaryPrimitives.ReadUInt32LittleEndian(block[i..]);
            var h = (int)((word * 0x1E35A7BDu) >> (32 - HashBits));
            int candidate = table[h];
            table[h] = (ushort)i;
            if (candidate < i && BinaryPrimitives.ReadUInt32LittleEndian(block[candidate..]) == word)
            {
                var len = 4;
                while (i + len < block.Length && block[candidate + len] == block[i + len]) len++;
                outPos += EmitLiteral(block[literalStart..i], dest[outPos..]);
                outPos += EmitCopy(i - candidate, len, dest[outPos..]);
                i += len;
                literalStart = i;
                continue;
            }
            i++;
        }
        outPos += EmitLiteral(block[literalStart..], dest[outPos..]);
        return outPos;
    }

    private static int EmitLiteral(ReadOnlySpan<byte> literal, Span<byte> dest)
    {
        if (literal.IsEmpty) return 0;
        var n = literal.Length - 1;
        int header;
        if (n < 60) { dest[0] = (byte)(n << 2); header = 1; }
        else if (n < 1 << 8) { dest[0] = 60 << 2; dest[1] = (byte)n; header = 2; }
        else if (n < 1 << 16) { dest[0] = 61 << 2; BinaryPrimitives.WriteUInt16LittleEndian(dest[1..], (ushort)n); header = 3; }
        else { dest[0] = 63 << 2; BinaryPrimitives.WriteUInt32LittleEndian(dest[1..], (uint)n); header = 5; }
        literal.CopyTo(dest[header..]);
        return header + literal.Length;
    }

    private static int EmitCopy(int offset, int length, Span<byte> dest)
    {
        var pos = 0;
        // Long matches are split into 64-byte copies; keep the tail >= 4 so the 1-byte-offset form stays usable.
        while (length >= 68) { pos += EmitCopy2(offset, 64, dest[pos..]); length -= 64; }
        if (length > 64) { pos += EmitCopy2(offset, 60, dest[pos..]); length -= 60; }
        if (length is >= 4 and < 12 && offset < 2048)
        {
            dest[pos] = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            dest[pos + 1] = (byte)offset;
            return pos + 2;
        }
        return pos + EmitCopy2(offset, length, dest[pos..]);
    }

    private static int EmitCopy2(int offset, int length, Span<byte> dest)
    {
        dest[0] = (byte)(2 | ((length - 1) << 2));
        BinaryPrimitives.WriteUInt16LittleEndian(dest[1..], (ushort)offset);
        return 3;
    }

    private static int WriteVarInt(Span<byte> dest, uint value)
    {
        var i = 0;
        while (value >= 0x80) { dest[i++] = (byte)(value | 0x80); value >>= 7; }
        dest[i++] = (byte)value;
        return i;
    }
}
