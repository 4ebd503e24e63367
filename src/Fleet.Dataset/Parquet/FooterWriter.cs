using Fleet.Dataset.Parquet.Thrift;
using static Fleet.Dataset.Parquet.Thrift.ThriftCompactWriter;

namespace Fleet.Dataset.Parquet;

/// <summary>
/// INTERNAL API. Serializes parquet.thrift <c>FileMetaData</c>: the flattened schema (a root named
/// <c>schema</c>, then each column depth first: optional field, and per list level a LIST-annotated group
/// holding <c>repeated group list</c> / <c>optional element</c>), the row groups with their column chunk
/// metadata and statistics, the key-value metadata and a type-defined column order per leaf.
/// </summary>
internal static class FooterWriter
{
    /// <summary>The <c>created_by</c> string; the "name version x.y.z" shape is what readers parse.</summary>
    internal const string CreatedBy = "fleet-dataset version 0.1.0";

    public static byte[] Write(IReadOnlyList<ParquetColumn> columns, IReadOnlyList<RowGroupMetadata> rowGroups,
        IReadOnlyList<KeyValuePair<string, string>> keyValues)
    {
        var w = new ThriftCompactWriter();
        w.I32(1, 2);
        WriteSchema(w, columns);
        w.I64(3, rowGroups.Sum(r => r.RowCount));
        w.ListField(4, CompactType.Struct, rowGroups.Count);
        foreach (var rg in rowGroups) WriteRowGroup(w, rg);
        w.ListField(5, CompactType.Struct, keyValues.Count);
        foreach (var kv in keyValues)
        {
            w.BeginStruct();
            w.String(1, kv.Key);
            w.String(2, kv.Value);
            w.EndStruct();
        }
        w.String(6, CreatedBy);
        w.ListField(7, CompactType.Struct, columns.Count);
        foreach (var _ in columns)
        {
            w.BeginStruct();
            w.BeginStructField(1);
            w.EndStruct();
            w.EndStruct();
        }
        w.Stop();
        return w.ToArray();
    }

    private static void WriteSchema(ThriftCompactWriter w, IReadOnlyList<ParquetColumn> columns)
    {
        var elements = 1 + columns.Sum(c => 1 + 2 * c.ListLengths.Count);
        w.ListField(2, CompactType.Struct, elements);
        w.BeginStruct();
        w.String(4, "schema");
        w.I32(5, columns.Count);
        w.EndStruct();
        foreach (var column in columns)
        {
            var name = column.Name;
            for (var level = 0; level < column.ListLengths.Count; level++)
            {
                ListGroup(w, name);
                w.BeginStruct();
                w.I32(3, (int)Repetition.Repeated);
                w.String(4, "list");
                w.I32(5, 1);
                w.EndStruct();
                name = "element";
            }
            Leaf(w, column, name);
        }
    }

    private static void ListGroup(ThriftCompactWriter w, string name)
    {
        w.BeginStruct();
        w.I32(3, (int)Repetition.Optional);
        w.String(4, name);
        w.I32(5, 1);
        w.I32(6, 3); // ConvertedType LIST
        w.BeginStructField(10);
        w.BeginStructField(3); // LogicalType.LIST
        w.EndStruct();
        w.EndStruct();
        w.EndStruct();
    }

    private static void Leaf(ThriftCompactWriter w, ParquetColumn column, string name)
    {
        w.BeginStruct();
        w.I32(1, (int)column.Physical);
        w.I32(3, (int)Repetition.Optional);
        w.String(4, name);
        if (column.Leaf == LeafType.String)
        {
            w.I32(6, 0); // ConvertedType UTF8
            w.BeginStructField(10);
            w.BeginStructField(1); // LogicalType.STRING
            w.EndStruct();
            w.EndStruct();
        }
        w.EndStruct();
    }

    private static void WriteRowGroup(ThriftCompactWriter w, RowGroupMetadata rg)
    {
        w.BeginStruct();
        w.ListField(1, CompactType.Struct, rg.Columns.Count);
        foreach (var chunk in rg.Columns) WriteColumnChunk(w, chunk);
        w.I64(2, rg.TotalByteSize);
        w.I64(3, rg.RowCount);
        w.I64(5, rg.Columns[0].StartOffset);
        w.I64(6, rg.TotalCompressedSize);
        w.I16(7, rg.Ordinal);
        w.EndStruct();
    }

    private static void WriteColumnChunk(ThriftCompactWriter w, ColumnChunkMetadata c)
    {
        w.BeginStruct();
        w.I64(2, c.StartOffset);
        w.BeginStructField(3);
        w.I32(1, (int)c.Column.Physical);
        w.ListField(2, CompactType.I32, c.Encodings.Count);
        foreach (var e in c.Encodings) w.I32Element((int)e);
        var path = c.Column.LeafPath;
        w.ListField(3, CompactType.Binary, path.Count);
        foreach (var p in path) w.StringElement(p);
        w.I32(4, (int)CompressionCodec.Snappy);
        w.I64(5, c.ValueCount);
        w.I64(6, c.TotalUncompressedSize);
        w.I64(7, c.TotalCompressedSize);
        w.I64(9, c.DataPageOffset);
        if (c.DictionaryPageOffset is { } d) w.I64(11, d);
        PageWriter.WriteStatistics(w, 12, c.Statistics);
        w.ListField(13, CompactType.Struct, c.EncodingStats.Count);
        foreach (var s in c.EncodingStats)
        {
            w.BeginStruct();
            w.I32(1, (int)s.PageType);
            w.I32(2, (int)s.Encoding);
            w.I32(3, s.Count);
            w.EndStruct();
        }
        w.EndStruct();
        w.EndStruct();
    }
}
