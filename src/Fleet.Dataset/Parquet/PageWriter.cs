using Fleet.Dataset.Compression;
using Fleet.Dataset.Parquet.Thrift;

namespace Fleet.Dataset.Parquet;

/// <summary>
/// INTERNAL API. Frames one page: a Thrift <c>PageHeader</c> followed by the Snappy-compressed body.
/// </summary>
/// <remarks>
/// Byte counters returned per page: <c>UncompressedSize</c> = header + raw body, <c>CompressedSize</c> =
/// header + compressed body; the column chunk adds these up for its metadata. The header itself records
/// only the body sizes (<c>uncompressed_page_size</c>, <c>compressed_page_size</c>).
/// </remarks>
internal static class PageWriter
{
    /// <summary>Appends a dictionary page holding <paramref name="valueCount"/> PLAIN values.</summary>
    public static (int UncompressedSize, int CompressedSize) WriteDictionaryPage(List<byte> output, List<byte> body, int valueCount)
    {
        var compressed = SnappyCompressor.Compress(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(body));
        var header = new ThriftCompactWriter();
        header.I32(1, (int)PageType.DictionaryPage);
        header.I32(2, body.Count);
        header.I32(3, compressed.Length);
        header.BeginStructField(7);
        header.I32(1, valueCount);
        header.I32(2, (int)ParquetEncoding.Plain);
        header.Bool(3, false);
        header.EndStruct();
        header.Stop();
        return Append(output, header, body.Count, compressed);
    }

    /// <summary>Appends a v1 data page: levels and values are already laid out in <paramref name="body"/>.</summary>
    public static (int UncompressedSize, int CompressedSize) WriteDataPage(
        List<byte> output, List<byte> body, int levelCount, ParquetEncoding valueEncoding, ColumnStatistics statistics)
    {
        var compressed = SnappyCompressor.Compress(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(body));
        var header = new ThriftCompactWriter();
        header.I32(1, (int)PageType.DataPage);
        header.I32(2, body.Count);
        header.I32(3, compressed.Length);
        header.BeginStructField(5);
        header.I32(1, levelCount);
        header.I32(2, (int)valueEncoding);
        header.I32(3, (int)ParquetEncoding.Rle);
        header.I32(4, (int)ParquetEncoding.Rle);
        WriteStatistics(header, 5, statistics);
        header.EndStruct();
        header.Stop();
        return Append(output, header, body.Count, compressed);
    }

    /// <summary>Writes a <c>Statistics</c> struct as field <paramref name="fieldId"/>.</summary>
    public static void WriteStatistics(ThriftCompactWriter writer, short fieldId, ColumnStatistics statistics)
    {
        writer.BeginStructField(fieldId);
        writer.I64(3, statistics.NullCount);
        if (statistics.Max is { } max) writer.Binary(5, max);
        if (statistics.Min is { } min) writer.Binary(6, min);
        writer.EndStruct();
    }

    private static (int, int) Append(List<byte> output, ThriftCompactWriter header, int rawBodySize, byte[] compressed)
    {
        output.AddRange(header.WrittenSpan);
        output.AddRange(compressed);
        return (header.Length + rawBodySize, header.Length + compressed.Length);
    }
}
