using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>The <c>actor</c> palette (like pbm's): <c>actor hierarchy [--depth N]</c> prints a node's actor tree with per-actor stats.</summary>
internal static class ActorCommands
{
    /// <summary>Builds the palette.</summary>
    public static Command Create()
    {
        var actor = new Command("actor", "Inspect the actors of a running node (admin API).");
        var connection = AdminConnection.AddTo(actor);
        var depth = new Option<int?>("--depth", "-d") { Description = "Levels below the root to show (default: all)", HelpName = "N" };
        var hierarchy = new Command("hierarchy", "The actor tree: type, mailbox depth, messages processed, restarts, drops, last failure.");
        hierarchy.Options.Add(depth);
        hierarchy.SetAction(connection.Action(async (result, client, ct) =>
        {
            var d = result.GetValue(depth);
            var root = await client.GetAsync(d is { } n ? $"api/actors?depth={n}" : "api/actors", ct);
            if (result.GetValue(connection.Json)) AdminOutput.Json(root);
            else
            {
                var tree = new Tree(Label(root));
                AddChildren(tree, root);
                AnsiConsole.Write(tree);
            }
        }));
        actor.Subcommands.Add(hierarchy);
        return actor;
    }

    private static void AddChildren(IHasTreeNodes parent, JsonElement actor)
    {
        foreach (var child in actor.GetProperty("children").EnumerateArray()) AddChildren(parent.AddNode(Label(child)), child);
    }

    private static string Label(JsonElement a)
    {
        var name = AdminOutput.Str(a, "name");
        var label = $"[bold]{Markup.Escape(name.Length == 0 ? "/" : name)}[/] [grey]{AdminOutput.Escaped(a, "type")}[/] " +
                    $"mailbox={AdminOutput.Str(a, "mailbox_depth")} processed={AdminOutput.Str(a, "messages_processed")}";
        if (AdminOutput.Num(a, "restarts") > 0) label += $" [yellow]restarts={AdminOutput.Str(a, "restarts")}[/]";
        if (AdminOutput.Num(a, "dropped_messages") > 0) label += $" [red]dropped={AdminOutput.Str(a, "dropped_messages")}[/]";
        if (a.GetProperty("last_failure").ValueKind == JsonValueKind.String) label += $" [red]last failure: {AdminOutput.Escaped(a, "last_failure")}[/]";
        var hidden = AdminOutput.Num(a, "hidden_descendants");
        if (hidden > 0) label += $" [grey](+{hidden.ToString(CultureInfo.InvariantCulture)} below)[/]";
        return label;
    }
}
