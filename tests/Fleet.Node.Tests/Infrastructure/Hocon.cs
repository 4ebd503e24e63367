using System.Text.Json;
using Fleet.Node.Config;

namespace Fleet.Node.Tests.Infrastructure;

/// <summary>Parses HOCON text with a controlled environment and renders results for assertions.</summary>
internal static class Hocon
{
    public static FleetConfig Parse(string text, IReadOnlyDictionary<string, string>? env = null, string? includeDirectory = null) =>
        FleetConfig.Parse(text, "test.conf", name => env is not null && env.TryGetValue(name, out var v) ? v : null, includeDirectory);

    /// <summary>The resolved tree as compact JSON (keys in order), for exact comparisons.</summary>
    public static string Json(string text, IReadOnlyDictionary<string, string>? env = null) =>
        Compact(ConfigRenderer.ToJson(Parse(text, env).Root));

    public static string Compact(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public static ConfigException Fails(string text, IReadOnlyDictionary<string, string>? env = null) =>
        Assert.ThrowsAny<ConfigException>(() => Parse(text, env));
}
