using System.Globalization;
using Fleet.Actors.Fleets;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>Renders a <see cref="FleetStatus"/> as the live table of <c>fleet run</c> and <c>fleet demo</c>.</summary>
internal static class FleetStatusTable
{
    private static readonly string[] Columns =
        ["arm", "state", "ticks", "queue", "chunks", "starved", "jitter p50/p99/max ms", "overruns", "chunk ms", "camera age ms", "joints"];

    public static Table Render(FleetStatus status, TimeSpan elapsed)
    {
        var table = new Table { Title = new TableTitle($"fleet: {status.Arms.Count} arms, {elapsed.TotalSeconds:0}s") };
        foreach (var c in Columns) table.AddColumn(c);
        foreach (var arm in status.Arms)
        {
            var t = arm.Tick;
            table.AddRow(
                Markup.Escape(arm.ArmId),
                StateMarkup(arm.State),
                arm.Ticks.ToString(CultureInfo.InvariantCulture),
                arm.QueueDepth.ToString(CultureInfo.InvariantCulture),
                arm.ChunksReceived.ToString(CultureInfo.InvariantCulture),
                arm.StarvationTicks.ToString(CultureInfo.InvariantCulture),
                $"{Ms(t.JitterP50)}/{Ms(t.JitterP99)}/{Ms(t.JitterMax)}",
                t.Overruns.ToString(CultureInfo.InvariantCulture),
                Ms(arm.ChunkLatencyP50),
                string.Join(" ", arm.CameraAges.Select(kv => $"{Markup.Escape(kv.Key)}:{kv.Value.TotalMilliseconds:0}")),
                string.Join(" ", arm.JointPositions.Select(p => p.ToString("0", CultureInfo.InvariantCulture))));
        }
        return table;
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string StateMarkup(ArmState state) => state switch
    {
        ArmState.Running => "[green]running[/]",
        ArmState.Starting => "[grey]starting[/]",
        ArmState.Holding => "[yellow]holding[/]",
        ArmState.PolicyUnreachable => "[red]policy unreachable[/]",
        ArmState.Faulted => "[red bold]faulted[/]",
        _ => state.ToString().ToLowerInvariant(),
    };
}
