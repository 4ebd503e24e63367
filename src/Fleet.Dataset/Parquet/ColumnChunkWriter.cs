using System.Buffers.Binary;

namespace Fleet.Dataset.Parquet;

/// <summary>
/// INTERNAL API. Turns one <see cref="ColumnBuffer"/> into the bytes of a column chunk the way pyarrow does
/// with <c>use_dictionary=True</c>: a PLAIN dictionary page plus RLE_DICTIONARY data pages while the
/// dictionary stays under 1 MiB, otherwise PLAIN data pages. Data pages are version 1, split at row
/// boundaries once about 1 MiB of values has accumulated; levels are RLE/bit-packed hybrid with a 4-byte
/// length prefix.
/// </summary>
internal static class ColumnChunkWriter
{
    /// <summary>pyarrow's default <c>dictionary_pagesize_limit</c> and <c>data_page_size</c>.</summary>
    internal const int PageSizeLimit = 1 << 20;

    /// <summary>Appends the chunk to <paramref name="output"/>, which starts at file offset <paramref name="fileOffset"/>.</summary>
    public static ColumnChunkMetadata Write(ColumnBuffer buffer, long fileOffset, List<byte> output)
    {
        var values = new ValueEncoder(buffer);
        var start = output.Count;
        long uncompressed = 0, compressed = 0;
        long? dictionaryOffset = null;
        int[]? codes = null;
        var dictionaryBitWidth = 0;
        var encodingStats = new List<PageEncodingCount>();

        var (dictCodes, distinct) = values.BuildDictionary();
        if (DictionarySize(values, distinct) <= PageSizeLimit)
        {
            var body = new List<byte>();
            foreach (var i in distinct) values.WritePlain(i, body);
            dictionaryOffset = fileOffset + output.Count - start;
            var (u, c) = PageWriter.WriteDictionaryPage(output, body, distinct.Count);
            uncompressed += u; compressed += c;
            codes = dictCodes;
            // Width 0 is legal for a one-entry dictionary, but some readers mishandle it; 1 bit costs nothing.
            dictionaryBitWidth = Math.Max(1, RleBitPackedHybrid.BitWidth(distinct.Count - 1));
            encodingStats.Add(new PageEncodingCount(PageType.DictionaryPage, ParquetEncoding.Plain, 1));
        }

        var dataOffset = fileOffset + output.Count - start;
        var valueEncoding = codes is null ? ParquetEncoding.Plain : ParquetEncoding.RleDictionary;
        var pages = 0;
        foreach (var (levelStart, levelEnd, valueStart, valueEnd) in SplitPages(buffer, values))
        {
            var body = PageBody(buffer, values, codes, dictionaryBitWidth, levelStart, levelEnd, valueStart, valueEnd);
            var stats = Statistics(values, valueStart, valueEnd);
            var (u, c) = PageWriter.WriteDataPage(output, body, levelEnd - levelStart, valueEncoding, stats);
            uncompressed += u; compressed += c;
            pages++;
        }
        encodingStats.Add(new PageEncodingCount(PageType.DataPage, valueEncoding, pages));

        var encodings = codes is null
            ? new ParquetEncoding[] { ParquetEncoding.Plain, ParquetEncoding.Rle }
            : new ParquetEncoding[] { ParquetEncoding.Plain, ParquetEncoding.Rle, ParquetEncoding.RleDictionary };
        return new ColumnChunkMetadata(buffer.Column, buffer.DefinitionLevels.Count, uncompressed, compressed,
            dataOffset, dictionaryOffset, encodings, Statistics(values, 0, values.Count), encodingStats);
    }

    private static long DictionarySize(ValueEncoder values, List<int> distinct)
    {
        long size = 0;
        foreach (var i in distinct) size += values.PlainSize(i);
        return size;
    }

    private static ColumnStatistics Statistics(ValueEncoder values, int start, int end)
    {
        var minMax = values.MinMax(start, end);
        return new ColumnStatistics(minMax?.Min, minMax?.Max, 0);
    }

    /// <summary>Yields level and value ranges of each page; a page always starts where a row starts.</summary>
    private static IEnumerable<(int, int, int, int)> SplitPages(ColumnBuffer buffer, ValueEncoder values)
    {
        var levels = buffer.DefinitionLevels.Count;
        var maxDef = buffer.Column.MaxDefinitionLevel;
        int levelStart = 0, valueStart = 0, valueIndex = 0;
        long bytes = 0;
        for (var l = 0; l < levels; l++)
        {
            if (bytes >= PageSizeLimit && buffer.RepetitionLevels[l] == 0)
            {
                yield return (levelStart, l, valueStart, valueIndex);
                levelStart = l; valueStart = valueIndex; bytes = 0;
            }
            if (buffer.DefinitionLevels[l] == maxDef) bytes += values.PlainSize(valueIndex++);
        }
        yield return (levelStart, levels, valueStart, valueIndex);
    }

    private static List<byte> PageBody(ColumnBuffer buffer, ValueEncoder values, int[]? codes, int bitWidth,
        int levelStart, int levelEnd, int valueStart, int valueEnd)
    {
        var body = new List<byte>();
        if (buffer.Column.MaxRepetitionLevel > 0)
            WriteLevels(buffer.RepetitionLevels, levelStart, levelEnd, buffer.Column.MaxRepetitionLevel, body);
        WriteLevels(buffer.DefinitionLevels, levelStart, levelEnd, buffer.Column.MaxDefinitionLevel, body);
        if (codes is null)
        {
            for (var i = valueStart; i < valueEnd; i++) values.WritePlain(i, body);
            return body;
        }
        body.Add((byte)bitWidth);
        RleBitPackedHybrid.Encode(codes.AsSpan(valueStart, valueEnd - valueStart), bitWidth, body);
        return body;
    }

    private static void WriteLevels(List<byte> levels, int start, int end, int maxLevel, List<byte> body)
    {
        var values = new int[end - start];
        for (var i = 0; i < values.Length; i++) values[i] = levels[start + i];
        var encoded = new List<byte>();
        RleBitPackedHybrid.Encode(values, RleBitPackedHybrid.BitWidth(maxLevel), encoded);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, encoded.Count);
        body.AddRange(length);
        body.AddRange(encoded);
    }
}
