using System.Text.Json;

namespace Fleet.Policy.Checkpoints;

/// <summary>
/// Parses and validates a safetensors header: every entry has a known dtype, a non-negative shape, offsets whose
/// span equals shape × element size, all inside the data section, and the entries tile the data section without
/// overlaps or holes (as the format requires).
/// </summary>
internal static class SafetensorsHeader
{
    public static (Dictionary<string, SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata) Parse(
        ReadOnlySpan<byte> json, long dataLength, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{file}: the safetensors header is not valid JSON ({e.Message}); the file is corrupt or not a safetensors file.");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new CheckpointException($"{file}: the safetensors header must be a JSON object, found {doc.RootElement.ValueKind}.");
            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                    ReadMetadata(property.Value, metadata, file);
                else
                    tensors[property.Name] = ReadEntry(property.Name, property.Value, dataLength, file);
            }
            CheckTiling(tensors.Values, dataLength, file);
            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string file)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new CheckpointException($"{file}: '__metadata__' must be an object of strings.");
        foreach (var item in element.EnumerateObject())
            metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()! : item.Value.GetRawText();
    }

    private static SafetensorsTensorInfo ReadEntry(string name, JsonElement entry, long dataLength, string file)
    {
        string where = $"{file}: tensor '{name}'";
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !entry.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
            throw new CheckpointException($"{where} needs \"dtype\" (string), \"shape\" (array) and \"data_offsets\" ([begin, end]).");

        if (!SafetensorsDTypes.TryParse(dtypeElement.GetString()!, out var dtype))
            throw new CheckpointException($"{where} has unknown dtype '{dtypeElement.GetString()}'; expected one of BOOL, U8, I8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64.");

        var shape = new List<long>();
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long d) || d < 0)
                throw new CheckpointException($"{where} has an invalid shape {shapeElement.GetRawText()}; dimensions must be non-negative integers.");
            shape.Add(d);
        }

        long begin = ReadOffset(offsetsElement[0], where);
        long end = ReadOffset(offsetsElement[1], where);
        var info = new SafetensorsTensorInfo(name, dtype, shape, begin, end);
        long expectedBytes = checked(info.ElementCount * dtype.Size());
        if (end < begin || end - begin != expectedBytes)
            throw new CheckpointException($"{where} declares data_offsets [{begin}, {end}] ({end - begin} bytes) but {dtype.Name()} {info.ShapeText} needs {expectedBytes} bytes.");
        if (end > dataLength)
            throw new CheckpointException($"{where} ends at data byte {end} but the data section holds only {dataLength} bytes: the file is truncated.");
        return info;
    }

    private static long ReadOffset(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long v) && v >= 0
            ? v
            : throw new CheckpointException($"{where} has an invalid data offset {element.GetRawText()}.");

    private static void CheckTiling(IEnumerable<SafetensorsTensorInfo> tensors, long dataLength, string file)
    {
        long position = 0;
        foreach (var t in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (t.Begin < position)
                throw new CheckpointException($"{file}: tensor '{t.Name}' starts at data byte {t.Begin}, overlapping the previous tensor (which ends at {position}); the header is corrupt.");
            if (t.Begin > position)
                throw new CheckpointException($"{file}: data bytes {position}..{t.Begin} belong to no tensor (a hole before '{t.Name}'); the header is corrupt.");
            position = t.End;
        }
        if (position != dataLength)
            throw new CheckpointException($"{file}: the tensors cover {position} data bytes but the file holds {dataLength}; the file has trailing bytes or a corrupt header.");
    }
}
