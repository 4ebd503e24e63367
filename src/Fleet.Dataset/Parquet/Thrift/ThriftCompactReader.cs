using System.Buffers.Binary;

namespace Fleet.Dataset.Parquet.Thrift;

/// <summary>
/// INTERNAL API. A struct read by <see cref="ThriftCompactReader"/>: field id → value, where a value is a
/// <see cref="long"/> (all integer widths), <see cref="bool"/>, <see cref="double"/>, <see cref="byte"/>[]
/// (binary and strings), <see cref="List{T}"/> of values, or a nested <see cref="ThriftStruct"/>.
/// </summary>
internal sealed class ThriftStruct
{
    public Dictionary<short, object> Fields { get; } = [];

    public bool Has(short id) => Fields.ContainsKey(id);

    public long Int(short id, string what) => Fields.TryGetValue(id, out var v) && v is long l ? l : throw Missing(id, what);

    public long? OptionalInt(short id) => Fields.TryGetValue(id, out var v) && v is long l ? l : null;

    public string String(short id, string what) => Fields.TryGetValue(id, out var v) && v is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : throw Missing(id, what);

    public string? OptionalString(short id) => Fields.TryGetValue(id, out var v) && v is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : null;

    public byte[]? Binary(short id) => Fields.TryGetValue(id, out var v) ? v as byte[] : null;

    public ThriftStruct? Struct(short id) => Fields.TryGetValue(id, out var v) ? v as ThriftStruct : null;

    public List<object> List(short id) => Fields.TryGetValue(id, out var v) && v is List<object> l ? l : [];

    private static InvalidDataException Missing(short id, string what) => new($"Parquet metadata lacks required field {id} ({what}).");
}

/// <summary>
/// INTERNAL API. Reads the Thrift compact protocol generically (no generated classes): every struct becomes
/// a <see cref="ThriftStruct"/>. Lengths are bounds-checked; a truncated or corrupt input raises
/// <see cref="InvalidDataException"/> with the byte position.
/// </summary>
internal sealed class ThriftCompactReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _pos;

    public ThriftCompactReader(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>Bytes consumed so far.</summary>
    public int Position => _pos;

    public ThriftStruct ReadStruct(int depth = 0)
    {
        if (depth > 32) throw Corrupt("structs nest deeper than 32 levels");
        var result = new ThriftStruct();
        short lastId = 0;
        while (true)
        {
            var header = Byte();
            if (header == 0) return result;
            var type = header & 0x0F;
            var delta = header >> 4;
            var id = delta != 0 ? (short)(lastId + delta) : (short)ZigZag32(VarInt());
            lastId = id;
            result.Fields[id] = type switch
            {
                1 => true,
                2 => false,
                _ => Value(type, depth),
            };
        }
    }

    private object Value(int type, int depth) => type switch
    {
        1 => true,
        2 => false,
        3 => (long)(sbyte)Byte(),
        4 or 5 or 6 => ZigZag64(VarInt()),
        7 => Double(),
        8 => Bytes(),
        9 or 10 => ReadList(depth),
        11 => ReadMap(depth),
        12 => ReadStruct(depth + 1),
        _ => throw Corrupt($"unknown compact type {type}"),
    };

    private List<object> ReadList(int depth)
    {
        var header = Byte();
        var size = header >> 4;
        var elementType = header & 0x0F;
        if (size == 15) size = checked((int)VarInt());
        if (size > _data.Length - _pos) throw Corrupt($"list of {size} elements cannot fit in the remaining bytes");
        var list = new List<object>(size);
        for (var i = 0; i < size; i++)
            list.Add(elementType is 1 or 2 ? Byte() == 1 : Value(elementType, depth));
        return list;
    }

    private List<object> ReadMap(int depth)
    {
        var size = checked((int)VarInt());
        var list = new List<object>();
        if (size == 0) return list;
        var types = Byte();
        for (var i = 0; i < size; i++) { list.Add(Value(types >> 4, depth)); list.Add(Value(types & 0x0F, depth)); }
        return list;
    }

    private byte Byte()
    {
        if (_pos >= _data.Length) throw Corrupt("input ends");
        return _data.Span[_pos++];
    }

    private double Double()
    {
        if (_pos + 8 > _data.Length) throw Corrupt("double is truncated");
        var v = BinaryPrimitives.ReadDoubleLittleEndian(_data.Span[_pos..]);
        _pos += 8;
        return v;
    }

    private byte[] Bytes()
    {
        var length = VarInt();
        if (length > (ulong)(_data.Length - _pos)) throw Corrupt($"binary of {length} bytes runs past the end");
        var bytes = _data.Span.Slice(_pos, (int)length).ToArray();
        _pos += (int)length;
        return bytes;
    }

    private ulong VarInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw Corrupt("varint longer than 10 bytes");
    }

    private static long ZigZag64(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private static int ZigZag32(ulong v) => (int)ZigZag64(v);

    private InvalidDataException Corrupt(string what) => new($"Corrupt Thrift metadata at byte {_pos}: {what}.");
}
