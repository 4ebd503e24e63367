using System.Buffers.Binary;
using System.Text;

namespace Fleet.Dataset.Parquet.Arrow;

/// <summary>
/// INTERNAL API. A minimal FlatBuffers serializer, enough for Arrow's IPC schema message. Objects are laid
/// out front to back in breadth-first order, so every reference (an unsigned offset) points forward as the
/// format requires; references are patched once their targets are placed. Alignment follows the
/// FlatBuffers rules that verifiers check: tables on 4 (8 when they hold a 64-bit field), every scalar on
/// its own size, vtables on 2, strings and vectors on 4.
/// </summary>
internal static class FlatBufferBuilder
{
    /// <summary>A node of the object graph to serialize.</summary>
    internal abstract record Node;

    /// <summary>A UTF-8 string.</summary>
    internal sealed record Str(string Value) : Node;

    /// <summary>A vector of references to tables or strings.</summary>
    internal sealed record Vec(IReadOnlyList<Node> Items) : Node;

    /// <summary>A table; <paramref name="Fields"/> maps vtable slot → field.</summary>
    internal sealed record Table(IReadOnlyList<(int Slot, Field Field)> Fields) : Node;

    /// <summary>A table field: an inline scalar or a reference.</summary>
    internal abstract record Field;

    /// <summary>An inline little-endian scalar of 1, 2, 4 or 8 bytes.</summary>
    internal sealed record Scalar(long Value, int Size) : Field;

    /// <summary>A reference to another node.</summary>
    internal sealed record Ref(Node Target) : Field;

    /// <summary>Serializes <paramref name="root"/>; the result is padded to a multiple of 8 bytes.</summary>
    public static byte[] Serialize(Table root)
    {
        var buffer = new List<byte>();
        var fixups = new List<(int At, Node Target)>();
        var positions = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<Node>();
        Pad(buffer, 4);
        fixups.Add((0, root));
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (positions.ContainsKey(node)) continue;
            positions[node] = node switch
            {
                Str s => PlaceString(buffer, s),
                Vec v => PlaceVector(buffer, v, fixups, queue),
                Table t => PlaceTable(buffer, t, fixups, queue),
                _ => throw new InvalidOperationException($"Unknown FlatBuffers node {node.GetType().Name}."),
            };
        }
        var bytes = buffer.ToArray();
        foreach (var (at, target) in fixups)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)(positions[target] - at));
        var padded = new byte[(bytes.Length + 7) / 8 * 8];
        bytes.CopyTo(padded, 0);
        return padded;
    }

    private static int PlaceString(List<byte> buffer, Str s)
    {
        Align(buffer, 4);
        var pos = buffer.Count;
        var bytes = Encoding.UTF8.GetBytes(s.Value);
        AddUInt32(buffer, (uint)bytes.Length);
        buffer.AddRange(bytes);
        buffer.Add(0);
        return pos;
    }

    private static int PlaceVector(List<byte> buffer, Vec v, List<(int, Node)> fixups, Queue<Node> queue)
    {
        Align(buffer, 4);
        var pos = buffer.Count;
        AddUInt32(buffer, (uint)v.Items.Count);
        foreach (var item in v.Items)
        {
            fixups.Add((buffer.Count, item));
            AddUInt32(buffer, 0);
            queue.Enqueue(item);
        }
        return pos;
    }

    private static int PlaceTable(List<byte> buffer, Table t, List<(int, Node)> fixups, Queue<Node> queue)
    {
        // Lay the fields out largest first after the 4-byte vtable offset, each aligned to its size.
        var ordered = t.Fields.OrderByDescending(f => SizeOf(f.Field)).ToList();
        var offsets = new Dictionary<int, int>();
        var cursor = 4;
        foreach (var (slot, field) in ordered)
        {
            var size = SizeOf(field);
            cursor = (cursor + size - 1) / size * size;
            offsets[slot] = cursor;
            cursor += size;
        }
        var alignment = ordered.Any(f => SizeOf(f.Field) == 8) ? 8 : 4;
        var tableSize = (cursor + 3) / 4 * 4;
        var slots = t.Fields.Count == 0 ? 0 : t.Fields.Max(f => f.Slot) + 1;

        Align(buffer, 2);
        var vtablePos = buffer.Count;
        AddUInt16(buffer, (ushort)(4 + 2 * slots));
        AddUInt16(buffer, (ushort)tableSize);
        for (var s = 0; s < slots; s++) AddUInt16(buffer, (ushort)(offsets.TryGetValue(s, out var o) ? o : 0));

        Align(buffer, alignment);
        var tablePos = buffer.Count;
        buffer.AddRange(new byte[tableSize]);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer);
        BinaryPrimitives.WriteInt32LittleEndian(span[tablePos..], tablePos - vtablePos);
        foreach (var (slot, field) in t.Fields)
        {
            var at = tablePos + offsets[slot];
            switch (field)
            {
                case Scalar { Size: 1 } s1: span[at] = (byte)s1.Value; break;
                case Scalar { Size: 2 } s2: BinaryPrimitives.WriteInt16LittleEndian(span[at..], (short)s2.Value); break;
                case Scalar { Size: 4 } s4: BinaryPrimitives.WriteInt32LittleEndian(span[at..], (int)s4.Value); break;
                case Scalar s8: BinaryPrimitives.WriteInt64LittleEndian(span[at..], s8.Value); break;
                case Ref r: fixups.Add((at, r.Target)); queue.Enqueue(r.Target); break;
            }
        }
        return tablePos;
    }

    private static int SizeOf(Field field) => field is Scalar s ? s.Size : 4;

    private static void Align(List<byte> buffer, int alignment)
    {
        while (buffer.Count % alignment != 0) buffer.Add(0);
    }

    private static void Pad(List<byte> buffer, int count) => buffer.AddRange(new byte[count]);

    private static void AddUInt32(List<byte> buffer, uint value)
    {
        Span<byte> tmp = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tmp, value);
        buffer.AddRange(tmp);
    }

    private static void AddUInt16(List<byte> buffer, ushort value)
    {
        buffer.Add((byte)value);
        buffer.Add((byte)(value >> 8));
    }
}
