using System.Globalization;
using System.Text.Json;

namespace Fleet.Node.Tests.Infrastructure;

/// <summary>Compares JSON trees: objects by key set, arrays in order, numbers by value.</summary>
internal static class JsonTree
{
    /// <summary>Returns null when equal, else the JSON path of the first difference with both sides.</summary>
    public static string? Difference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind != actual.ValueKind && !(IsBool(expected) && IsBool(actual)))
            return $"{path}: expected {expected.ValueKind} {expected.GetRawText()} but got {actual.ValueKind} {actual.GetRawText()}";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal).ToList();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal).ToList();
                if (!expectedKeys.SequenceEqual(actualKeys))
                    return $"{path}: expected keys [{string.Join(", ", expectedKeys)}] but got [{string.Join(", ", actualKeys)}]";
                foreach (var key in expectedKeys)
                {
                    var d = Difference(expected.GetProperty(key), actual.GetProperty(key), $"{path}.{key}");
                    if (d is not null) return d;
                }
                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                    return $"{path}: expected {expected.GetArrayLength()} elements but got {actual.GetArrayLength()}";
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    var d = Difference(expected[i], actual[i], $"{path}[{i}]");
                    if (d is not null) return d;
                }
                return null;
            case JsonValueKind.Number:
                var e = decimal.Parse(expected.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                var a = decimal.Parse(actual.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                return e == a ? null : $"{path}: expected {e} but got {a}";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected \"{expected.GetString()}\" but got \"{actual.GetString()}\"";
            default:
                return expected.ValueKind == actual.ValueKind ? null : $"{path}: expected {expected.ValueKind} but got {actual.ValueKind}";
        }
    }

    private static bool IsBool(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False;
}
