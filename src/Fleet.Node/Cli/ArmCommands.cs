using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>
/// The <c>arm</c> palette, through a node's admin API: <c>list</c>, <c>status ID</c>, <c>estop [ID|--all]</c>,
/// <c>resume ID</c> and <c>watch</c> (a live table fed by the node's event stream).
/// </summary>
internal static class ArmCommands
{
    /// <summary>Builds the palette.</summary>
    public static Command Create()
    {
        var arm = new Command("arm", "Inspect and steer the arms of a running node (admin API).");
        var connection = AdminConnection.AddTo(arm);
        arm.Subcommands.Add(List(connection));
        arm.Subcommands.Add(Status(connection));
        arm.Subcommands.Add(Estop(connection));
        arm.Subcommands.Add(Resume(connection));
        arm.Subcommands.Add(Watch(connection));
        return arm;
    }

    private static Command List(AdminConnection connection)
    {
        var list = new Command("list", "Every arm: state, queue depth, chunk latency, starvation, jitter.");
        list.SetAction(connection.Action(async (result, client, ct) =>
        {
            var arms = await client.GetAsync("api/arms", ct);
            if (result.GetValue(connection.Json)) AdminOutput.Json(arms);
            else AnsiConsole.Write(Table(arms));
        }));
        return list;
    }

    private static Command Status(AdminConnection connection)
    {
        var id = new Argument<string>("ID") { Description = "The arm's id" };
        var status = new Command("status", "One arm in detail: joints, counters, camera ages, alarms.");
        status.Arguments.Add(id);
        status.SetAction(connection.Action(async (result, client, ct) =>
        {
            var arm = await client.GetAsync($"api/arms/{Uri.EscapeDataString(result.GetValue(id)!)}", ct);
            if (result.GetValue(connection.Json)) AdminOutput.Json(arm);
            else AnsiConsole.Write(Detail(arm));
        }));
        return status;
    }

    private static Command Estop(AdminConnection connection)
    {
        var id = new Argument<string?>("ID") { Description = "The arm to stop", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Stop every arm of the node" };
        var estop = new Command("estop", "Stop an arm (or --all): it holds its pose and executes no more actions until resumed.");
        estop.Arguments.Add(id);
        estop.Options.Add(all);
        estop.Validators.Add(r =>
        {
            if (r.GetValue(all) == (r.GetValue(id) is not null)) r.AddError("give either an arm ID or --all");
        });
        estop.SetAction(connection.Action(async (result, client, ct) =>
        {
            var target = result.GetValue(id);
            var reply = await client.PostAsync(target is null ? "api/arms/stop" : $"api/arms/{Uri.EscapeDataString(target)}/stop", ct);
            if (result.GetValue(connection.Json)) AdminOutput.Json(reply);
            else foreach (var a in reply.GetProperty("stopped").EnumerateArray()) Console.Out.WriteLine($"{a.GetString()}: holding (resume with `fleet arm resume {a.GetString()}`)");
        }));
        return estop;
    }

    private static Command Resume(AdminConnection connection)
    {
        var id = new Argument<string>("ID") { Description = "The arm to resume" };
        var resume = new Command("resume", "Let an e-stopped arm execute actions again.");
        resume.Arguments.Add(id);
        resume.SetAction(connection.Action(async (result, client, ct) =>
        {
            var reply = await client.PostAsync($"api/arms/{Uri.EscapeDataString(result.GetValue(id)!)}/resume", ct);
            if (result.GetValue(connection.Json)) AdminOutput.Json(reply);
            else Console.Out.WriteLine($"{reply.GetProperty("resumed").GetString()}: resumed");
        }));
        return resume;
    }

    private static Command Watch(AdminConnection connection)
    {
        var count = new Option<int?>("--count") { Description = "Stop after this many updates (default: until Ctrl-C)", HelpName = "N" };
        var interval = new Option<int>("--interval-ms") { Description = "Milliseconds between updates", DefaultValueFactory = _ => 500 };
        var watch = new Command("watch", "A live table of every arm, updated from the node's event stream until Ctrl-C.");
        watch.Options.Add(count);
        watch.Options.Add(interval);
        watch.SetAction(connection.Action(async (result, client, ct) =>
        {
            var updates = client.StreamAsync($"api/stream/arms?interval_ms={result.GetValue(interval)}", ct);
            var limit = result.GetValue(count) ?? int.MaxValue;
            if (result.GetValue(connection.Json) || Console.IsOutputRedirected)
            {
                int seen = 0;
                await foreach (var (_, arms) in updates)
                {
                    if (result.GetValue(connection.Json)) AdminOutput.JsonLine(arms);
                    else AnsiConsole.Write(Table(arms));
                    if (++seen >= limit) break;
                }
                return;
            }
            await AnsiConsole.Live(new Markup($"connecting to {Markup.Escape(client.Node)}…")).StartAsync(async live =>
            {
                int seen = 0;
                await foreach (var (_, arms) in updates)
                {
                    live.UpdateTarget(Table(arms).Caption($"{client.Node} · {DateTime.Now:HH:mm:ss} · Ctrl-C to stop"));
                    if (++seen >= limit) break;
                }
            });
        }));
        return watch;
    }

    /// <summary>The arms as a table.</summary>
    public static Table Table(JsonElement arms)
    {
        var table = new Table().AddColumns("arm", "state", "queue", "ticks", "starved", "chunks", "chunk p50", "jitter p99", "alarms");
        foreach (var a in arms.EnumerateArray())
            table.AddRow(AdminOutput.Escaped(a, "id"), AdminOutput.State(AdminOutput.Str(a, "state")), AdminOutput.Str(a, "queue_depth"),
                AdminOutput.Str(a, "ticks"), AdminOutput.Str(a, "starvation_ticks"), AdminOutput.Str(a, "chunks_received"),
                AdminOutput.Ms(a, "chunk_latency_p50_ms"), AdminOutput.Ms(a, "jitter_p99_ms"), a.GetProperty("alarms").GetArrayLength().ToString(CultureInfo.InvariantCulture));
        return table;
    }

    private static Grid Detail(JsonElement a)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow($"[bold]{name}[/]", value);
        Row("arm", AdminOutput.Escaped(a, "id"));
        Row("state", AdminOutput.State(AdminOutput.Str(a, "state")));
        Row("joints", string.Join("  ", a.GetProperty("joint_positions").EnumerateArray().Select(j => j.GetDouble().ToString("0.0", CultureInfo.InvariantCulture))));
        Row("queue depth", AdminOutput.Str(a, "queue_depth"));
        Row("ticks / executed", $"{AdminOutput.Str(a, "ticks")} / {AdminOutput.Str(a, "executed")}");
        Row("starvation ticks", AdminOutput.Str(a, "starvation_ticks"));
        Row("chunks / requests / timeouts", $"{AdminOutput.Str(a, "chunks_received")} / {AdminOutput.Str(a, "requests")} / {AdminOutput.Str(a, "timeouts")}");
        Row("chunk latency p50 / last", $"{AdminOutput.Ms(a, "chunk_latency_p50_ms")} / {AdminOutput.Ms(a, "chunk_latency_last_ms")}");
        Row("jitter p50 / p99 / max", $"{AdminOutput.Ms(a, "jitter_p50_ms")} / {AdminOutput.Ms(a, "jitter_p99_ms")} / {AdminOutput.Ms(a, "jitter_max_ms")}");
        Row("overruns", AdminOutput.Str(a, "overruns"));
        foreach (var camera in a.GetProperty("camera_ages_ms").EnumerateObject())
            Row($"camera {Markup.Escape(camera.Name)} age", camera.Value.GetDouble().ToString("0", CultureInfo.InvariantCulture) + " ms");
        foreach (var alarm in a.GetProperty("alarms").EnumerateArray()) Row("[red]alarm[/]", Markup.Escape(alarm.GetString() ?? ""));
        if (AdminOutput.Str(a, "last_fault") is { Length: > 0 } fault && fault != "-") Row("last fault", Markup.Escape(fault));
        return grid;
    }
}
