using System.Text;
using System.Text.Json.Nodes;

namespace Fleet.Policy.Tests.SmolVla;

/// <summary>Writes safetensors files with F32, I64 and U8 tensors (Fleet's writer is fp32-only; the reference wants
/// integer token ids and a byte mask, as LeRobot's tokenizer step produces).</summary>
public static class TypedSafetensors
{
    public sealed record Tensor(string Name, string DType, long[] Shape, byte[] Data)
    {
        public static Tensor F32(string name, long[] shape, float[] values) => new(name, "F32", shape, values.SelectMany(BitConverter.GetBytes).ToArray());

        public static Tensor I64(string name, long[] shape, IEnumerable<int> values) => new(name, "I64", shape, values.SelectMany(v => BitConverter.GetBytes((long)v)).ToArray());

        public static Tensor U8(string name, long[] shape, IEnumerable<bool> values) => new(name, "U8", shape, values.Select(v => v ? (byte)1 : (byte)0).ToArray());
    }

    public static void Write(string path, params Tensor[] tensors)
    {
        var header = new JsonObject();
        long offset = 0;
        foreach (var t in tensors)
        {
            header[t.Name] = new JsonObject
            {
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + t.Data.Length),
            };
            offset += t.Data.Length;
        }
        var text = header.ToJsonString();
        text += new string(' ', (8 - Encoding.UTF8.GetByteCount(text) % 8) % 8);
        var bytes = Encoding.UTF8.GetBytes(text);
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)bytes.Length));
        stream.Write(bytes);
        foreach (var t in tensors) stream.Write(t.Data);
    }
}
