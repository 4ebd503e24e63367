using System.Globalization;
using System.Text.Json;

namespace Fleet.Policy.Tokenizers;

/// <summary>
/// INTERNAL API. One value of a tokenizer.json with its file and JSON path, so that every complaint about it can say
/// exactly where it is (<c>tokenizer.json: model.merges[17] ...</c>).
/// </summary>
internal readonly struct JsonField(string file, string path, JsonElement element)
{
    public string File { get; } = file;

    /// <summary>The JSON path: <c>pre_tokenizer.pretokenizers[1]</c>; empty for the document root.</summary>
    public string Path { get; } = path;

    public JsonElement Element { get; } = element;

    public bool IsNull => Element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    private string Child(string name) => Path.Length == 0 ? name : Path + "." + name;

    /// <summary>The member <paramref name="name"/>, or null when it is absent or JSON null.</summary>
    public JsonField? Find(string name)
    {
        RequireKind(JsonValueKind.Object);
        return Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonField(File, Child(name), value)
            : null;
    }

    /// <summary>The member <paramref name="name"/>; throws naming it when absent or null.</summary>
    public JsonField Get(string name) =>
        Find(name) ?? throw new TokenizerException($"{File}: {Child(name)} is missing (required here).");

    public string GetString()
    {
        RequireKind(JsonValueKind.String);
        return Element.GetString()!;
    }

    public int GetInt()
    {
        RequireKind(JsonValueKind.Number);
        if (!Element.TryGetInt32(out int value) || value < 0)
            throw Error($"= {Element.GetRawText()} is not a valid token id or count (a whole number from 0 to {int.MaxValue})");
        return value;
    }

    public double GetDouble()
    {
        RequireKind(JsonValueKind.Number);
        return Element.GetDouble();
    }

    public bool GetBool()
    {
        if (Element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw Error($"must be true or false, not {Describe()}");
        return Element.GetBoolean();
    }

    public string? OptionalString(string name) => Find(name)?.GetString();

    public bool OptionalBool(string name, bool defaultValue) => Find(name)?.GetBool() ?? defaultValue;

    /// <summary>The <c>type</c> member of a component object.</summary>
    public string Type() => Get("type").GetString();

    public IEnumerable<JsonField> Items()
    {
        RequireKind(JsonValueKind.Array);
        int i = 0;
        foreach (var item in Element.EnumerateArray())
            yield return new JsonField(File, $"{Path}[{i++}]", item);
    }

    public IEnumerable<(string Name, JsonField Value)> Properties()
    {
        RequireKind(JsonValueKind.Object);
        foreach (var p in Element.EnumerateObject())
            yield return (p.Name, new JsonField(File, Child(p.Name), p.Value));
    }

    public int ArrayLength()
    {
        RequireKind(JsonValueKind.Array);
        return Element.GetArrayLength();
    }

    /// <summary>An error about this value: "<c>FILE: PATH what</c>".</summary>
    public TokenizerException Error(string what) =>
        new($"{File}: {(Path.Length == 0 ? "(root)" : Path)} {what}.");

    /// <summary>The error for a component whose <c>type</c> Fleet does not implement.</summary>
    public TokenizerException Unsupported(string kind, string type, string supported) =>
        new($"{File}: {Child("type")} = \"{type}\" is not supported (Fleet's {kind}s: {supported}).");

    private void RequireKind(JsonValueKind kind)
    {
        if (Element.ValueKind != kind)
            throw Error($"must be {Article(kind)}, not {Describe()}");
    }

    private string Describe() => Element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Element.GetString()}\"",
        JsonValueKind.Number => "the number " + Element.GetRawText(),
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        var k => Article(k),
    };

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
