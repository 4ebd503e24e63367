using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>Printing helpers shared by the admin-API palettes: raw JSON for <c>--json</c>, and value formatting for tables.</summary>
internal static class AdminOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="json"/> indented to stdout (one document; scripts parse it).</summary>
    public static void Json(JsonElement json) => Console.Out.WriteLine(JsonSerializer.Serialize(json, Indented));

    /// <summary>Writes <paramref name="json"/> as one line (streams: one document per line).</summary>
    public static void JsonLine(JsonElement json) => Console.Out.WriteLine(JsonSerializer.Serialize(json));

    public static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Number => v.GetDouble().ToString("0.##", CultureInfo.InvariantCulture),
            JsonValueKind.Null => "-",
            _ => v.ToString(),
        } : "";

    public static double Num(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;

    public static string Ms(JsonElement e, string name) => Num(e, name).ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Escaped(JsonElement e, string name) => Markup.Escape(Str(e, name));

    /// <summary>The arm's state, coloured: green running, yellow holding/starting, red faulted or unreachable.</summary>
    public static string State(string state) => state switch
    {
        "running" => $"[green]{state}[/]",
        "holding" or "starting" => $"[yellow]{state}[/]",
        _ => $"[red]{Markup.Escape(state)}[/]",
    };
}
