using System.Globalization;
using Fleet.Actors.Fleets;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>Renders a <see cref="FleetStatus"/> as the live table of <c>fleet run</c> and <c>fleet demo</c>.</summary>
internal static class FleetStatusTable
{
    private static readonly string[] Columns =
        ["arm", "state", "ticks", "queue", "chunks", "starved", "p99 ms", "max ms", "overrun", "chunk ms", "cam ms"];

    public static Table Render(FleetStatus status, TimeSpan elapsed)
    {
        var table = new Table
        {
            Title = new TableTitle($"fleet: {status.Arms.Count} arms, {elapsed.TotalSeconds:0}s (jitter = tick start lateness; cam = oldest camera frame)"),
        };
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
                Ms(t.JitterP99),
                Ms(t.JitterMax),
                t.Overruns.ToString(CultureInfo.InvariantCulture),
                Ms(arm.ChunkLatencyP50),
                arm.CameraAges.Count == 0 ? "-" : arm.CameraAges.Values.Max().TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
        }
        return table;
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    private static string StateMarkup(ArmState state) => state switch
    {
        ArmState.Running => "[green]run[/]",
        ArmState.Starting => "[grey]start[/]",
        ArmState.Holding => "[yellow]hold[/]",
        ArmState.PolicyUnreachable => "[red]no policy[/]",
        ArmState.Faulted => "[red bold]fault[/]",
        _ => state.ToString().ToLowerInvariant(),
    };
}
