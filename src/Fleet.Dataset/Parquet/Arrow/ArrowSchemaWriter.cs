using System.Buffers.Binary;
using static Fleet.Dataset.Parquet.Arrow.FlatBufferBuilder;

namespace Fleet.Dataset.Parquet.Arrow;

/// <summary>
/// INTERNAL API. Builds the value of the <c>ARROW:schema</c> key-value entry that pyarrow stores in every
/// Parquet footer: base64 of an encapsulated Arrow IPC message (continuation marker 0xFFFFFFFF, int32
/// metadata length, then the FlatBuffers <c>Message</c> whose header is the <c>Schema</c>), padded to 8 bytes.
/// Arrow readers use it to restore what Parquet cannot say: <c>fixed_size_list</c>, the <c>item</c> child
/// names and the schema metadata (the <c>huggingface</c> and <c>pandas</c> keys).
/// </summary>
internal static class ArrowSchemaWriter
{
    // Arrow Schema.fbs union tags and enum values.
    private const byte TypeInt = 2, TypeFloatingPoint = 3, TypeUtf8 = 5, TypeList = 12, TypeFixedSizeList = 16;
    private const short PrecisionSingle = 1, PrecisionDouble = 2;
    private const short MetadataV5 = 4;
    private const byte HeaderSchema = 1;

    /// <summary>Returns the base64 text of the schema message.</summary>
    public static string Build(IReadOnlyList<ParquetColumn> columns, IReadOnlyList<KeyValuePair<string, string>> metadata)
        => Convert.ToBase64String(BuildMessage(columns, metadata));

    /// <summary>Returns the encapsulated IPC message bytes.</summary>
    public static byte[] BuildMessage(IReadOnlyList<ParquetColumn> columns, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        var schemaFields = new List<(int, Field)>
        {
            (1, new Ref(new Vec(columns.Select(c => (Node)FieldNode(c.Name, c, 0)).ToList()))),
        };
        if (metadata.Count > 0) schemaFields.Add((2, new Ref(KeyValues(metadata))));
        var message = new Table([
            (0, new Scalar(MetadataV5, 2)),
            (1, new Scalar(HeaderSchema, 1)),
            (2, new Ref(new Table(schemaFields))),
            (3, new Scalar(0, 8)),
        ]);
        var flatbuffer = Serialize(message);
        var result = new byte[8 + flatbuffer.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(result, 0xFFFFFFFF);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(4), flatbuffer.Length);
        flatbuffer.CopyTo(result, 8);
        return result;
    }

    private static Table FieldNode(string name, ParquetColumn column, int level)
    {
        byte typeTag;
        Table type;
        Node children;
        if (level < column.ListLengths.Count)
        {
            var length = column.ListLengths[level];
            typeTag = length is null ? TypeList : TypeFixedSizeList;
            type = length is { } n ? new Table([(0, new Scalar(n, 4))]) : new Table([]);
            children = new Vec([FieldNode("item", column, level + 1)]);
        }
        else
        {
            (typeTag, type) = column.Leaf switch
            {
                LeafType.Int64 => (TypeInt, new Table([(0, new Scalar(64, 4)), (1, new Scalar(1, 1))])),
                LeafType.Float => (TypeFloatingPoint, new Table([(0, new Scalar(PrecisionSingle, 2))])),
                LeafType.Double => (TypeFloatingPoint, new Table([(0, new Scalar(PrecisionDouble, 2))])),
                _ => (TypeUtf8, new Table([])),
            };
            children = new Vec([]);
        }
        return new Table([
            (0, new Ref(new Str(name))),
            (1, new Scalar(1, 1)),
            (2, new Scalar(typeTag, 1)),
            (3, new Ref(type)),
            (5, new Ref(children)),
        ]);
    }

    private static Vec KeyValues(IReadOnlyList<KeyValuePair<string, string>> metadata) =>
        new(metadata.Select(kv => (Node)new Table([(0, new Ref(new Str(kv.Key))), (1, new Ref(new Str(kv.Value)))])).ToList());
}
