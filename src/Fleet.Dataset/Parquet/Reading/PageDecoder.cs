using System.Buffers.Binary;
using System.IO.Compression;
using Fleet.Dataset.Compression;

namespace Fleet.Dataset.Parquet.Reading;

/// <summary>INTERNAL API. Decompression and value decoding of single pages.</summary>
internal static class PageDecoder
{
    public static byte[] Decompress(ReadOnlySpan<byte> data, int codec, int uncompressedSize, string where)
    {
        byte[] result = codec switch
        {
            0 => data.ToArray(),
            1 => SnappyDecompressor.Decompress(data),
            2 => Inflate(new GZipStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress)),
            4 => Inflate(new BrotliStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress)),
            _ => throw new NotSupportedException($"{where}: compression codec {CodecName(codec)} is not supported by Fleet's reader (SNAPPY, GZIP, BROTLI and none are)."),
        };
        if (result.Length != uncompressedSize)
            throw new InvalidDataException($"{where}: page decompressed to {result.Length} bytes; its header says {uncompressedSize}.");
        return result;
    }

    private static string CodecName(int codec) => codec switch { 3 => "LZO", 5 => "LZ4", 6 => "ZSTD", 7 => "LZ4_RAW", _ => codec.ToString() };

    private static byte[] Inflate(Stream s)
    {
        using (s)
        {
            var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
    }

    /// <summary>Decodes <paramref name="count"/> PLAIN values.</summary>
    public static object?[] Plain(ReadOnlySpan<byte> data, ParquetLeafColumn leaf, int count, string where)
    {
        var values = new object?[count];
        var pos = 0;
        for (var i = 0; i < count; i++)
        {
            switch (leaf.PhysicalType)
            {
                case "BOOLEAN": Need(data, pos / 8, 1, where); values[i] = ((data[i / 8] >> (i % 8)) & 1) != 0; break;
                case "INT32": Need(data, pos, 4, where); values[i] = (long)BinaryPrimitives.ReadInt32LittleEndian(data[pos..]); pos += 4; break;
                case "INT64": Need(data, pos, 8, where); values[i] = BinaryPrimitives.ReadInt64LittleEndian(data[pos..]); pos += 8; break;
                case "FLOAT": Need(data, pos, 4, where); values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[pos..]); pos += 4; break;
                case "DOUBLE": Need(data, pos, 8, where); values[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[pos..]); pos += 8; break;
                case "BYTE_ARRAY":
                    Need(data, pos, 4, where);
                    var length = BinaryPrimitives.ReadInt32LittleEndian(data[pos..]);
                    pos += 4;
                    if (length < 0) throw new InvalidDataException($"{where}: negative string length.");
                    Need(data, pos, length, where);
                    values[i] = leaf.IsString ? System.Text.Encoding.UTF8.GetString(data.Slice(pos, length)) : data.Slice(pos, length).ToArray();
                    pos += length;
                    break;
                case "FIXED_LEN_BYTE_ARRAY": Need(data, pos, leaf.TypeLength, where); values[i] = data.Slice(pos, leaf.TypeLength).ToArray(); pos += leaf.TypeLength; break;
                default: throw new NotSupportedException($"{where}: physical type {leaf.PhysicalType} is not supported.");
            }
        }
        return values;
    }

    private static void Need(ReadOnlySpan<byte> data, int pos, int count, string where)
    {
        if (pos + count > data.Length) throw new InvalidDataException($"{where}: values run past the end of the page.");
    }
}
