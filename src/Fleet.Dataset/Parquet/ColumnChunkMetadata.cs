namespace Fleet.Dataset.Parquet;

/// <summary>INTERNAL API. Min/max (PLAIN bytes, no length prefix) and null count of a page or column chunk.</summary>
internal sealed record ColumnStatistics(byte[]? Min, byte[]? Max, long NullCount);

/// <summary>INTERNAL API. How many pages of a kind used an encoding (parquet.thrift <c>PageEncodingStats</c>).</summary>
internal sealed record PageEncodingCount(PageType PageType, ParquetEncoding Encoding, int Count);

/// <summary>
/// INTERNAL API. What the footer says about one column chunk. Offsets are absolute file positions; sizes
/// include the page headers, as parquet.thrift defines <c>total_compressed_size</c> and
/// <c>total_uncompressed_size</c>.
/// </summary>
internal sealed record ColumnChunkMetadata(
    ParquetColumn Column,
    long ValueCount,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    long DataPageOffset,
    long? DictionaryPageOffset,
    IReadOnlyList<ParquetEncoding> Encodings,
    ColumnStatistics Statistics,
    IReadOnlyList<PageEncodingCount> EncodingStats)
{
    /// <summary>The first byte of the chunk: its dictionary page if it has one, else its first data page.</summary>
    public long StartOffset => DictionaryPageOffset ?? DataPageOffset;
}

/// <summary>INTERNAL API. What the footer says about one row group.</summary>
internal sealed record RowGroupMetadata(IReadOnlyList<ColumnChunkMetadata> Columns, long RowCount, short Ordinal)
{
    /// <summary>Sum of the uncompressed chunk sizes (parquet.thrift <c>total_byte_size</c>).</summary>
    public long TotalByteSize => Columns.Sum(c => c.TotalUncompressedSize);

    /// <summary>Sum of the compressed chunk sizes.</summary>
    public long TotalCompressedSize => Columns.Sum(c => c.TotalCompressedSize);
}
