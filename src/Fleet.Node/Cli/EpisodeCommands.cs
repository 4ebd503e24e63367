using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>The <c>episode</c> palette: <c>episode list</c> shows the recording episodes of a running node.</summary>
internal static class EpisodeCommands
{
    /// <summary>Builds the palette.</summary>
    public static Command Create()
    {
        var episode = new Command("episode", "Recording episodes of a running node (admin API).");
        var connection = AdminConnection.AddTo(episode);
        var list = new Command("list", "Every episode of this session: arm, task, state, frames, dropped frames, duration.");
        list.SetAction(connection.Action(async (result, client, ct) =>
        {
            var episodes = await client.GetAsync("api/episodes", ct);
            if (result.GetValue(connection.Json))
            {
                AdminOutput.Json(episodes);
                return;
            }
            if (episodes.GetArrayLength() == 0)
            {
                Console.Out.WriteLine($"no episodes on node {client.Node}");
                return;
            }
            var table = new Table().AddColumns("#", "arm", "task", "state", "frames", "dropped", "started", "reason");
            foreach (var e in episodes.EnumerateArray())
                table.AddRow(AdminOutput.Str(e, "index"), AdminOutput.Escaped(e, "arm_id"), AdminOutput.Escaped(e, "task"), AdminOutput.Escaped(e, "state"),
                    AdminOutput.Str(e, "frames"), AdminOutput.Str(e, "dropped_frames"),
                    e.GetProperty("started_at").GetDateTimeOffset().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    e.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? Markup.Escape(reason.GetString()!) : "");
            AnsiConsole.Write(table);
        }));
        episode.Subcommands.Add(list);
        return episode;
    }
}
