using System.Buffers.Binary;
using System.Text;

namespace Fleet.Dataset.Parquet.Thrift;

/// <summary>
/// INTERNAL API. Writes the Thrift compact protocol, the encoding of every Parquet footer and page header.
/// Field headers carry the delta to the previous field id in their high nibble when it fits (1..15);
/// otherwise the id follows as a zigzag varint. Integers are zigzag varints, binaries are a varint length
/// followed by the bytes, and booleans live in the field header's type nibble.
/// </summary>
/// <remarks>
/// Byte counters: <see cref="Length"/> is the number of bytes produced so far; nothing is flushed until the
/// caller takes <see cref="WrittenSpan"/>. Nested structs keep a stack of "last field id" values because
/// the delta encoding restarts at zero inside every struct.
/// </remarks>
internal sealed class ThriftCompactWriter
{
    private readonly List<byte> _bytes = new(256);
    private readonly Stack<short> _lastFieldIds = new();
    private short _lastFieldId;

    /// <summary>Compact-protocol type nibbles.</summary>
    internal enum CompactType : byte
    {
        BooleanTrue = 1, BooleanFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7,
        Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12,
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _bytes.Count;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes);

    /// <summary>Copies the output into a new array.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>Writes an i32 field.</summary>
    public void I32(short id, int value) { FieldHeader(id, CompactType.I32); VarInt(ZigZag(value)); }

    /// <summary>Writes an i16 field.</summary>
    public void I16(short id, short value) { FieldHeader(id, CompactType.I16); VarInt(ZigZag(value)); }

    /// <summary>Writes an i64 field.</summary>
    public void I64(short id, long value) { FieldHeader(id, CompactType.I64); VarInt(ZigZag(value)); }

    /// <summary>Writes a boolean field (the value is the type nibble).</summary>
    public void Bool(short id, bool value) => FieldHeader(id, value ? CompactType.BooleanTrue : CompactType.BooleanFalse);

    /// <summary>Writes a binary field.</summary>
    public void Binary(short id, ReadOnlySpan<byte> value) { FieldHeader(id, CompactType.Binary); BinaryValue(value); }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void String(short id, string value) => Binary(id, Encoding.UTF8.GetBytes(value));

    /// <summary>Opens a struct field; close it with <see cref="EndStruct"/>.</summary>
    public void BeginStructField(short id) { FieldHeader(id, CompactType.Struct); BeginStruct(); }

    /// <summary>Opens a struct that is a list element (no field header).</summary>
    public void BeginStruct() { _lastFieldIds.Push(_lastFieldId); _lastFieldId = 0; }

    /// <summary>Writes the stop byte and restores the enclosing struct's field id.</summary>
    public void EndStruct() { _bytes.Add(0); _lastFieldId = _lastFieldIds.Pop(); }

    /// <summary>Writes a list field header; the caller then writes <paramref name="count"/> elements.</summary>
    public void ListField(short id, CompactType elementType, int count)
    {
        FieldHeader(id, CompactType.List);
        if (count < 15) _bytes.Add((byte)((count << 4) | (byte)elementType));
        else { _bytes.Add((byte)(0xF0 | (byte)elementType)); VarInt((ulong)count); }
    }

    /// <summary>Writes a list element of type i32.</summary>
    public void I32Element(int value) => VarInt(ZigZag(value));

    /// <summary>Writes a list element of type binary/string.</summary>
    public void StringElement(string value) => BinaryValue(Encoding.UTF8.GetBytes(value));

    /// <summary>Writes the stop byte of the outermost struct.</summary>
    public void Stop() => _bytes.Add(0);

    private void BinaryValue(ReadOnlySpan<byte> value)
    {
        VarInt((ulong)value.Length);
        foreach (var b in value) _bytes.Add(b);
    }

    private void FieldHeader(short id, CompactType type)
    {
        var delta = id - _lastFieldId;
        if (delta is > 0 and <= 15) _bytes.Add((byte)((delta << 4) | (byte)type));
        else { _bytes.Add((byte)type); VarInt(ZigZag(id)); }
        _lastFieldId = id;
    }

    private void VarInt(ulong value)
    {
        while (value >= 0x80) { _bytes.Add((byte)(value | 0x80)); value >>= 7; }
        _bytes.Add((byte)value);
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    /// <summary>Little-endian helper shared by the page writers.</summary>
    internal static void WriteInt32LittleEndian(Span<byte> dest, int value) => BinaryPrimitives.WriteInt32LittleEndian(dest, value);
}
