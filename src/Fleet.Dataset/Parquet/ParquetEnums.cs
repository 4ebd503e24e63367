namespace Fleet.Dataset.Parquet;

/// <summary>Parquet physical types (parquet.thrift <c>Type</c>).</summary>
internal enum PhysicalType { Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5, ByteArray = 6, FixedLenByteArray = 7 }

/// <summary>Parquet value and level encodings (parquet.thrift <c>Encoding</c>).</summary>
internal enum ParquetEncoding { Plain = 0, PlainDictionary = 2, Rle = 3, BitPacked = 4, DeltaBinaryPacked = 5, RleDictionary = 8 }

/// <summary>Parquet page kinds (parquet.thrift <c>PageType</c>).</summary>
internal enum PageType { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 }

/// <summary>Parquet compression codecs (parquet.thrift <c>CompressionCodec</c>).</summary>
internal enum CompressionCodec { Uncompressed = 0, Snappy = 1, Gzip = 2, Lzo = 3, Brotli = 4, Lz4 = 5, Zstd = 6, Lz4Raw = 7 }

/// <summary>Parquet field repetition (parquet.thrift <c>FieldRepetitionType</c>).</summary>
internal enum Repetition { Required = 0, Optional = 1, Repeated = 2 }
