using Fleet.Messages.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Fleet.Dataset.Meta;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dump(obj, f, indent=4, ensure_ascii=False)</c> does, which is how
/// LeRobot writes info.json and stats.json: 4-space indent, <c>", "</c>-free item separators (newline
/// instead), <c>": "</c> key separator, non-empty containers expanded one element per line, empty ones as
/// <c>[]</c>/<c>{}</c>, raw UTF-8, no trailing newline, and floats in Python's shortest round-trip
/// <c>repr</c> (<c>0.1</c>, <c>1e-05</c>, <c>20.0</c>, bare <c>NaN</c>/<c>Infinity</c>).
/// </summary>
public static class PythonJson
{
    /// <summary>Serializes <paramref name="node"/>; numbers stored as <see cref="double"/> or <see cref="float"/> are written as Python floats, integers as ints.</summary>
    public static string Serialize(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node, 0);
        return sb.ToString();
    }

    /// <summary>Python's <c>repr(float)</c> of <paramref name="value"/>.</summary>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        // "R" gives the shortest round-trip digits; split them into digits and a decimal exponent, then lay it out as Python does.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var (digits, exponent) = Decompose(shortest.TrimStart('-'));
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (exponent is >= -4 and < 16)
        {
            if (exponent < 0) sb.Append("0.").Append('0', -exponent - 1).Append(digits);
            else if (digits.Length <= exponent + 1) sb.Append(digits).Append('0', exponent + 1 - digits.Length).Append(".0");
            else sb.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1);
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Splits a .NET round-trip string ("1.5E-05", "123.25") into significant digits and the exponent of the first digit.</summary>
    private static (string Digits, int Exponent) Decompose(string s)
    {
        var e = 0;
        var ePos = s.IndexOfAny(['E', 'e']);
        if (ePos >= 0) { e = int.Parse(s[(ePos + 1)..], CultureInfo.InvariantCulture); s = s[..ePos]; }
        var dot = s.IndexOf('.');
        var intPart = dot < 0 ? s : s[..dot];
        var frac = dot < 0 ? "" : s[(dot + 1)..];
        var all = intPart + frac;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        var digits = all[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var exponent = intPart.Length - 1 - lead + e;
        return (digits, exponent);
    }

    private static void Write(StringBuilder sb, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null: sb.Append("null"); break;
            case JsonObject obj: WriteObject(sb, obj, depth); break;
            case JsonArray arr: WriteArray(sb, arr, depth); break;
            case JsonValue v: WriteValue(sb, v); break;
        }
    }

    private static void WriteObject(StringBuilder sb, JsonObject obj, int depth)
    {
        if (obj.Count == 0) { sb.Append("{}"); return; }
        sb.Append('{');
        var first = true;
        foreach (var (key, value) in obj)
        {
            sb.Append(first ? "\n" : ",\n").Append(' ', 4 * (depth + 1));
            first = false;
            WriteString(sb, key);
            sb.Append(": ");
            Write(sb, value, depth + 1);
        }
        sb.Append('\n').Append(' ', 4 * depth).Append('}');
    }

    private static void WriteArray(StringBuilder sb, JsonArray arr, int depth)
    {
        if (arr.Count == 0) { sb.Append("[]"); return; }
        sb.Append('[');
        for (var i = 0; i < arr.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n").Append(' ', 4 * (depth + 1));
            Write(sb, arr[i], depth + 1);
        }
        sb.Append('\n').Append(' ', 4 * depth).Append(']');
    }

    private static void WriteValue(StringBuilder sb, JsonValue v)
    {
        switch (v.GetValue<object>())
        {
            case string s: WriteString(sb, s); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case double d: sb.Append(FloatRepr(d)); break;
            case float f: sb.Append(FloatRepr(f)); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case System.Text.Json.JsonElement e: WriteElement(sb, e); break;
            case var other: throw new ArgumentException($"PythonJson cannot write a {other.GetType().Name}.");
        }
    }

    private static void WriteElement(StringBuilder sb, System.Text.Json.JsonElement e)
    {
        switch (e.ValueKind)
        {
            case System.Text.Json.JsonValueKind.String: WriteString(sb, e.GetString()!); break;
            case System.Text.Json.JsonValueKind.Number:
                var raw = e.GetRawText();
                sb.Append(raw.IndexOfAny(['.', 'e', 'E']) >= 0 ? FloatRepr(e.GetDouble()) : raw);
                break;
            default: sb.Append(e.GetRawText()); break;
        }
    }

    private static void WriteString(StringBuilder sb, string s) => sb.AppendQuoted(s);
}
