using System.Text;
using System.Text.Json;

namespace Fleet.Node.Config;

/// <summary>Writes a resolved configuration as JSON (one document) or as readable HOCON, optionally with origins.</summary>
public static class ConfigRenderer
{
    /// <summary>Renders <paramref name="value"/> as indented JSON. Numbers keep their written form when it is valid JSON.</summary>
    public static string ToJson(ConfigValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteJson(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, ConfigValue value)
    {
        switch (value)
        {
            case ConfigObject o:
                writer.WriteStartObject();
                foreach (var (key, child) in o)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, child);
                }
                writer.WriteEndObject();
                break;
            case ConfigList l:
                writer.WriteStartArray();
                foreach (var item in l) WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            case ConfigNumber n: writer.WriteRawValue(n.Text, skipInputValidation: false); break;
            case ConfigBoolean b: writer.WriteBooleanValue(b.Value); break;
            case ConfigString s: writer.WriteStringValue(s.Value); break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>Renders an object as HOCON text; with <paramref name="origins"/>, each value is followed by a <c># file:line</c> comment.</summary>
    public static string ToHocon(ConfigObject root, bool origins)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in root) WriteField(sb, key, value, 0, origins);
        return sb.ToString();
    }

    private static void WriteField(StringBuilder sb, string key, ConfigValue value, int depth, bool origins)
    {
        var indent = new string(' ', depth * 4);
        sb.Append(indent).Append(ConfigPath.RenderKey(key));
        if (value is ConfigObject o)
        {
            if (o.Count == 0)
            {
                sb.Append(" {}\n");
                return;
            }
            sb.Append(" {\n");
            foreach (var (childKey, child) in o) WriteField(sb, childKey, child, depth + 1, origins);
            sb.Append(indent).Append("}\n");
            return;
        }
        sb.Append(" = ");
        WriteInline(sb, value, depth);
        if (origins) sb.Append("  # ").Append(value.Origin.ToFileLine());
        sb.Append('\n');
    }

    private static void WriteInline(StringBuilder sb, ConfigValue value, int depth)
    {
        switch (value)
        {
            case ConfigObject o:
                sb.Append("{ ");
                sb.AppendJoin(", ", o.Select(f =>
                {
                    var inner = new StringBuilder();
                    WriteInline(inner, f.Value, depth);
                    return $"{ConfigPath.RenderKey(f.Key)} = {inner}";
                }));
                sb.Append(" }");
                break;
            case ConfigList l:
                sb.Append('[');
                sb.AppendJoin(", ", l.Select(item =>
                {
                    var inner = new StringBuilder();
                    WriteInline(inner, item, depth);
                    return inner.ToString();
                }));
                sb.Append(']');
                break;
            case ConfigString s: sb.Append(ConfigPath.JsonQuote(s.Value)); break;
            case ConfigNumber n: sb.Append(n.Text); break;
            case ConfigBoolean b: sb.Append(b.Value ? "true" : "false"); break;
            default: sb.Append("null"); break;
        }
    }
}
