using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary><c>policy pool</c>: the policy pool of a running node (workers, busy, queue length, throughput, mean batch).</summary>
internal static class PolicyPoolCommand
{
    /// <summary>Builds the command (to be attached under the <c>policy</c> palette).</summary>
    public static Command Create()
    {
        var pool = new Command("pool", "The policy pool of a running node: workers, queue lengths, batch sizes (admin API).");
        var connection = AdminConnection.AddTo(pool);
        pool.SetAction(connection.Action(async (result, client, ct) =>
        {
            var policies = await client.GetAsync("api/pool", ct);
            if (result.GetValue(connection.Json))
            {
                AdminOutput.Json(policies);
                return;
            }
            var table = new Table().AddColumns("policy", "workers", "busy", "queued", "served", "failed", "rejected", "expired", "batches", "mean batch");
            foreach (var p in policies.EnumerateArray())
                table.AddRow(AdminOutput.Escaped(p, "policy"), AdminOutput.Str(p, "workers"), AdminOutput.Str(p, "busy"), AdminOutput.Str(p, "queued"),
                    AdminOutput.Str(p, "served"), AdminOutput.Str(p, "failed"), AdminOutput.Str(p, "rejected"), AdminOutput.Str(p, "expired"),
                    AdminOutput.Str(p, "batches"), AdminOutput.Num(p, "mean_batch").ToString("0.00", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
        }));
        return pool;
    }
}
