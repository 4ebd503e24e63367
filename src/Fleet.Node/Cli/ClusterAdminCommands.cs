using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>
/// Cluster commands through a node's admin API (like pbm's cluster palette): <c>show</c>, <c>tail</c>, <c>leave</c>,
/// <c>down MEMBER</c>, <c>stop</c>, <c>resume</c>. <see cref="Create"/> makes a <c>cluster</c> palette; <see cref="AddTo"/> attaches the same
/// subcommands to an existing one.
/// </summary>
internal static class ClusterAdminCommands
{
    /// <summary>Builds a <c>cluster</c> palette holding the admin-API subcommands.</summary>
    public static Command Create()
    {
        var cluster = new Command("cluster", "Cluster membership of a running node (admin API).");
        AddTo(cluster);
        return cluster;
    }

    /// <summary>Adds the connection options and the show/tail/leave/down subcommands to <paramref name="cluster"/>.</summary>
    public static void AddTo(Command cluster)
    {
        var connection = AdminConnection.AddTo(cluster);
        var show = new Command("show", "The members: name, address, roles, status.");
        show.SetAction(connection.Action(async (result, client, ct) =>
        {
            var members = await client.GetAsync("api/cluster", ct);
            if (result.GetValue(connection.Json)) AdminOutput.Json(members);
            else AnsiConsole.Write(Table(members));
        }));

        var interval = new Option<int>("--interval-ms") { Description = "Milliseconds between membership checks", DefaultValueFactory = _ => 1000 };
        var tail = new Command("tail", "Print membership changes until Ctrl-C.");
        tail.Options.Add(interval);
        tail.SetAction(connection.Action(async (result, client, ct) =>
        {
            var known = new Dictionary<string, string>();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, result.GetValue(interval))));
            do
            {
                var members = (await client.GetAsync("api/cluster", ct)).EnumerateArray().ToDictionary(m => AdminOutput.Str(m, "name"), m => AdminOutput.Str(m, "status"));
                foreach (var (name, status) in members.Where(m => known.GetValueOrDefault(m.Key) != m.Value))
                    Console.Out.WriteLine($"{DateTime.Now:HH:mm:ss} {name} {status}");
                foreach (var gone in known.Keys.Except(members.Keys)) Console.Out.WriteLine($"{DateTime.Now:HH:mm:ss} {gone} removed");
                known = members;
                await Console.Out.FlushAsync(ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }));

        var leave = new Command("leave", "Make the node leave the cluster gracefully.");
        leave.SetAction(connection.Action(async (result, client, ct) => Print(result, connection, await client.PostAsync("api/cluster/leave", ct))));
        var member = new Argument<string>("MEMBER") { Description = "The member's name or address" };
        var down = new Command("down", "Mark a member down.");
        down.Arguments.Add(member);
        down.SetAction(connection.Action(async (result, client, ct) =>
            Print(result, connection, await client.PostAsync($"api/cluster/down/{Uri.EscapeDataString(result.GetValue(member)!)}", ct))));

        var reason = new Option<string?>("--reason") { Description = "Why (STOP: for every node's log; RESUME: required, why it is safe to move again)" };
        var torqueOff = new Option<bool>("--torque-off") { Description = "Disable torque instead of holding position" };
        var stop = new Command("stop", "Fleet-wide STOP through this node: every arm of every node holds until `cluster resume`.") { reason, torqueOff };
        stop.SetAction(connection.Action(async (result, client, ct) =>
            Print(result, connection, await client.PostAsync(
                $"api/cluster/stop?torque_off={(result.GetValue(torqueOff) ? "true" : "false")}{Query("reason", result.GetValue(reason))}", ct))));
        var resume = new Command("resume", "Lift a fleet-wide STOP on every node (needs --reason).") { reason };
        resume.SetAction(connection.Action(async (result, client, ct) =>
            Print(result, connection, await client.PostAsync($"api/cluster/resume?{Query("reason", result.GetValue(reason))}", ct))));

        cluster.Subcommands.Add(show);
        cluster.Subcommands.Add(tail);
        cluster.Subcommands.Add(leave);
        cluster.Subcommands.Add(down);
        cluster.Subcommands.Add(stop);
        cluster.Subcommands.Add(resume);
    }

    private static string Query(string name, string? value) => string.IsNullOrEmpty(value) ? "" : $"&{name}={Uri.EscapeDataString(value)}";

    private static void Print(ParseResult result, AdminConnection connection, JsonElement reply)
    {
        if (result.GetValue(connection.Json)) AdminOutput.Json(reply);
        else Console.Out.WriteLine(AdminOutput.Str(reply, "result"));
    }

    private static string Count(JsonElement m, string property) =>
        m.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    private static Table Table(JsonElement members)
    {
        var table = new Table().AddColumns("member", "address", "roles", "status", "arms", "workers", "load", "phi", "");
        foreach (var m in members.EnumerateArray())
            table.AddRow(AdminOutput.Escaped(m, "name"), AdminOutput.Escaped(m, "address"),
                Markup.Escape(string.Join(",", m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()))),
                AdminOutput.Escaped(m, "status"), Count(m, "arms"), Count(m, "workers"), AdminOutput.Str(m, "load"), AdminOutput.Str(m, "phi"),
                m.GetProperty("is_self").GetBoolean() ? "this node" : "");
        return table;
    }
}
