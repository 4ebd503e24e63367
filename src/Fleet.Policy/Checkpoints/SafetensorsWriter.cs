using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Fleet.Policy.Checkpoints;

/// <summary>One fp32 tensor to write.</summary>
/// <param name="Name">Key in the header.</param>
/// <param name="Shape">Dimensions; their product must equal the data length.</param>
/// <param name="Data">Values, row-major.</param>
public sealed record NamedTensor(string Name, IReadOnlyList<int> Shape, ReadOnlyMemory<float> Data);

/// <summary>Writes fp32 tensors as a safetensors file (header padded with spaces to 8 bytes, as the format recommends).</summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/>, replacing any existing file.</summary>
    /// <exception cref="ArgumentException">A shape does not match its data length, or a name repeats.</exception>
    public static async ValueTask WriteAsync(string path, IReadOnlyList<NamedTensor> tensors, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        byte[] header = BuildHeader(tensors, metadata);
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await stream.WriteAsync(BitConverter.GetBytes((ulong)header.Length).AsMemory(), cancellationToken);
        await stream.WriteAsync(header, cancellationToken);
        foreach (var t in tensors)
        {
            // fp32 little-endian is the in-memory layout on every platform .NET runs Fleet on.
            byte[] bytes = MemoryMarshal.AsBytes(t.Data.Span).ToArray();
            await stream.WriteAsync(bytes, cancellationToken);
        }
    }

    private static byte[] BuildHeader(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in tensors)
            {
                long count = t.Shape.Aggregate(1L, (a, b) => a * b);
                if (count != t.Data.Length)
                    throw new ArgumentException($"Tensor '{t.Name}' has shape {ShapeFormat.Of(t.Shape)} ({count} values) but {t.Data.Length} values.");
                if (!seen.Add(t.Name))
                    throw new ArgumentException($"Tensor name '{t.Name}' appears twice.");
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + count * 4);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += count * 4;
            }
            json.WriteEndObject();
        }
        var text = buffer.ToArray();
        int padded = (text.Length + 7) / 8 * 8;
        var header = new byte[padded];
        text.CopyTo(header, 0);
        header.AsSpan(text.Length).Fill((byte)' ');
        return header;
    }
}
