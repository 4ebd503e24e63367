using System.Text.Json;
using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.Act;

/// <summary>Typed access to config.json fields with errors that name the file and the field.</summary>
internal readonly struct Fields(JsonElement root, string file)
{
    public JsonElement Get(string name) =>
        root.TryGetProperty(name, out var v) ? v : throw new CheckpointException($"{file}: missing field \"{name}\".");

    public int Int(string name) =>
        Get(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int i) ? i : throw Wrong(name, "an integer");

    public string String(string name) =>
        Get(name) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : throw Wrong(name, "a string");

    public bool Bool(string name) =>
        Get(name).ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw Wrong(name, "true or false") };

    public bool? OptionalBool(string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public double? OptionalDouble(string name) =>
        !root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Wrong(name, "a number or null");

    public JsonElement Object(string name) =>
        Get(name) is { ValueKind: JsonValueKind.Object } v ? v : throw Wrong(name, "an object");

    public static int[] Shape(JsonElement feature, string where, string file)
    {
        if (!feature.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
            throw new CheckpointException($"{file}: {where} has no \"shape\" array.");
        return shape.EnumerateArray().Select(d => d.TryGetInt32(out int v) ? v : throw new CheckpointException($"{file}: {where}.shape holds '{d.GetRawText()}', not an integer.")).ToArray();
    }

    private CheckpointException Wrong(string name, string expected) =>
        new($"{file}: field \"{name}\" must be {expected}, found {root.GetProperty(name).GetRawText()}.");
}
