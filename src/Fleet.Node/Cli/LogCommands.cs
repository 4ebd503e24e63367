using System.CommandLine;
using System.Text.Json;

namespace Fleet.Node.Cli;

/// <summary>
/// The <c>log</c> palette (like pbm's): <c>log peek</c> prints a node's recent buffered log lines; <c>log tail</c>
/// follows new ones until Ctrl-C. <c>--level</c> keeps lines at or above a level.
/// </summary>
internal static class LogCommands
{
    /// <summary>Builds the palette.</summary>
    public static Command Create()
    {
        var log = new Command("log", "Recent log lines of a running node (admin API).");
        var connection = AdminConnection.AddTo(log);
        var level = new Option<string?>("--level", "-l") { Description = "Lowest level shown: trace, debug, info, warn, error, critical", HelpName = "LEVEL", Recursive = true };
        log.Options.Add(level);

        var limit = new Option<int>("--limit") { Description = "Lines to show (newest)", DefaultValueFactory = _ => 100 };
        var peek = new Command("peek", "The newest buffered log lines.");
        peek.Options.Add(limit);
        peek.SetAction(connection.Action(async (result, client, ct) =>
        {
            var lines = await client.GetAsync($"api/logs?limit={result.GetValue(limit)}{LevelQuery(result.GetValue(level))}", ct);
            if (result.GetValue(connection.Json)) AdminOutput.Json(lines);
            else foreach (var line in lines.EnumerateArray()) Console.Out.WriteLine(Format(line));
        }));

        var count = new Option<int?>("--count") { Description = "Stop after this many lines (default: until Ctrl-C)", HelpName = "N" };
        var tail = new Command("tail", "Follow new log lines until Ctrl-C.");
        tail.Options.Add(count);
        tail.SetAction(connection.Action(async (result, client, ct) =>
        {
            int seen = 0, max = result.GetValue(count) ?? int.MaxValue;
            await foreach (var (_, line) in client.StreamAsync($"api/stream/logs?{LevelQuery(result.GetValue(level)).TrimStart('&')}", ct))
            {
                if (result.GetValue(connection.Json)) AdminOutput.JsonLine(line);
                else Console.Out.WriteLine(Format(line));
                await Console.Out.FlushAsync(ct);
                if (++seen >= max) break;
            }
        }));
        log.Subcommands.Add(peek);
        log.Subcommands.Add(tail);
        return log;
    }

    private static string LevelQuery(string? level) => level is null ? "" : $"&level={Uri.EscapeDataString(level)}";

    private static string Format(JsonElement line) =>
        $"{line.GetProperty("timestamp").GetDateTimeOffset():HH:mm:ss.fff} {AdminOutput.Str(line, "level"),-11} {AdminOutput.Str(line, "category")}: {AdminOutput.Str(line, "message")}";
}
