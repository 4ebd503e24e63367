using System.Globalization;
using Fleet.Actors.Recording;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fleet.Node.Recording;

/// <summary>The live Spectre.Console view of <c>fleet record</c>: episode k/N, phase, time left, frames and dropped frames.</summary>
internal static class RecordView
{
    /// <summary>Renders the session's progress and its recorders' counters.</summary>
    public static IRenderable Render(RecordingProgress progress, IReadOnlyList<RecorderStatus> recorders, bool keys)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("arm", "episode", "frames", "dropped/filled camera frames", "saved");
        foreach (var r in recorders)
            table.AddRow(Markup.Escape(r.ArmId), r.Recording is { } key ? key.EpisodeIndex.ToString(CultureInfo.InvariantCulture) : "-",
                r.Frames.ToString(CultureInfo.InvariantCulture), r.DroppedFrames.ToString(CultureInfo.InvariantCulture),
                r.Exported.ToString(CultureInfo.InvariantCulture) + (r.ExportsPending > 0 ? $" (+{r.ExportsPending} exporting)" : ""));
        var phase = progress.Phase switch
        {
            "recording" => "[red]● recording[/]",
            "reset" => "[yellow]reset the scene[/]",
            var p => Markup.Escape(p),
        };
        var header = string.Create(CultureInfo.InvariantCulture,
            $"Episode [bold]{progress.Episode}/{progress.Episodes}[/]  {phase}  time left [bold]{progress.TimeLeft.TotalSeconds:0}s[/]  saved {progress.Saved}");
        var rows = new List<IRenderable> { new Markup(header), table };
        if (progress.Message is { } message) rows.Add(new Markup("[grey]" + Markup.Escape(message) + "[/]"));
        if (keys) rows.Add(new Markup("[grey]→ end episode   ← re-record   Esc stop[/]"));
        return new Rows(rows);
    }
}
