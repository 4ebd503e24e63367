using System.Buffers.Binary;
using System.Text;

namespace Fleet.Dataset.Parquet;

/// <summary>
/// INTERNAL API. PLAIN encoding, dictionary building and min/max statistics for one column's leaf values.
/// The values of a column chunk are addressed by index so a page can take any slice of them.
/// </summary>
internal sealed class ValueEncoder
{
    private readonly ColumnBuffer _buffer;

    public ValueEncoder(ColumnBuffer buffer) => _buffer = buffer;

    public int Count => _buffer.ValueCount;

    /// <summary>PLAIN size in bytes of value <paramref name="i"/>.</summary>
    public int PlainSize(int i) => _buffer.Column.Leaf switch
    {
        LeafType.Float => 4,
        LeafType.String => 4 + Encoding.UTF8.GetByteCount(_buffer.Strings[i]),
        _ => 8,
    };

    /// <summary>Appends value <paramref name="i"/> PLAIN-encoded.</summary>
    public void WritePlain(int i, List<byte> output)
    {
        Span<byte> tmp = stackalloc byte[8];
        switch (_buffer.Column.Leaf)
        {
            case LeafType.Int64: BinaryPrimitives.WriteInt64LittleEndian(tmp, _buffer.Longs[i]); output.AddRange(tmp); break;
            case LeafType.Double: BinaryPrimitives.WriteDoubleLittleEndian(tmp, _buffer.Doubles[i]); output.AddRange(tmp); break;
            case LeafType.Float: BinaryPrimitives.WriteSingleLittleEndian(tmp, _buffer.Floats[i]); output.AddRange(tmp[..4]); break;
            default:
                var bytes = Encoding.UTF8.GetBytes(_buffer.Strings[i]);
                BinaryPrimitives.WriteInt32LittleEndian(tmp, bytes.Length);
                output.AddRange(tmp[..4]);
                output.AddRange(bytes);
                break;
        }
    }

    /// <summary>
    /// Assigns every value a dictionary code in order of first appearance. Floats compare by bit pattern so
    /// -0.0 and 0.0 (and distinct NaN payloads) stay distinct, exactly as they were written.
    /// </summary>
    /// <returns>The codes, one per value, and the index of the first occurrence of each distinct value.</returns>
    public (int[] Codes, List<int> Distinct) BuildDictionary()
    {
        var codes = new int[Count];
        var distinct = new List<int>();
        if (_buffer.Column.Leaf == LeafType.String)
        {
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < codes.Length; i++) codes[i] = Code(map, _buffer.Strings[i], i, distinct);
        }
        else
        {
            var map = new Dictionary<long, int>();
            for (var i = 0; i < codes.Length; i++) codes[i] = Code(map, Bits(i), i, distinct);
        }
        return (codes, distinct);
    }

    private static int Code<TKey>(Dictionary<TKey, int> map, TKey key, int i, List<int> distinct) where TKey : notnull
    {
        if (map.TryGetValue(key, out var code)) return code;
        code = distinct.Count;
        map[key] = code;
        distinct.Add(i);
        return code;
    }

    private long Bits(int i) => _buffer.Column.Leaf switch
    {
        LeafType.Int64 => _buffer.Longs[i],
        LeafType.Double => BitConverter.DoubleToInt64Bits(_buffer.Doubles[i]),
        _ => BitConverter.SingleToInt32Bits(_buffer.Floats[i]),
    };

    /// <summary>
    /// Min and max of values [<paramref name="start"/>, <paramref name="end"/>) PLAIN-encoded without a length
    /// prefix, as Parquet statistics store them; NaN is skipped. Null when the range holds no comparable value.
    /// </summary>
    public (byte[] Min, byte[] Max)? MinMax(int start, int end)
    {
        int? min = null, max = null;
        for (var i = start; i < end; i++)
        {
            if (IsNaN(i)) continue;
            if (min is null || Compare(i, min.Value) < 0) min = i;
            if (max is null || Compare(i, max.Value) > 0) max = i;
        }
        if (min is null || max is null) return null;
        return (StatBytes(min.Value), StatBytes(max.Value));
    }

    private bool IsNaN(int i) => _buffer.Column.Leaf switch
    {
        LeafType.Float => float.IsNaN(_buffer.Floats[i]),
        LeafType.Double => double.IsNaN(_buffer.Doubles[i]),
        _ => false,
    };

    private int Compare(int a, int b) => _buffer.Column.Leaf switch
    {
        LeafType.Int64 => _buffer.Longs[a].CompareTo(_buffer.Longs[b]),
        LeafType.Float => _buffer.Floats[a].CompareTo(_buffer.Floats[b]),
        LeafType.Double => _buffer.Doubles[a].CompareTo(_buffer.Doubles[b]),
        // Parquet orders UTF-8 strings as unsigned bytes, which is code point order, not UTF-16 order.
        _ => Encoding.UTF8.GetBytes(_buffer.Strings[a]).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(_buffer.Strings[b])),
    };

    private byte[] StatBytes(int i)
    {
        if (_buffer.Column.Leaf == LeafType.String) return Encoding.UTF8.GetBytes(_buffer.Strings[i]);
        var list = new List<byte>(8);
        WritePlain(i, list);
        return list.ToArray();
    }
}
