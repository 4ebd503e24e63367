namespace Fleet.Node.Recording;

/// <summary>Where a <see cref="RecordingSession"/> is, for the live view.</summary>
/// <param name="Episode">The episode being recorded or just recorded, 1-based within this run.</param>
/// <param name="Episodes">Episodes planned.</param>
/// <param name="Phase"><c>starting</c>, <c>recording</c>, <c>reset</c>, <c>exporting</c> or <c>done</c>.</param>
/// <param name="PhaseEndsAt">When the phase ends by itself (UTC), or null.</param>
/// <param name="Saved">Episodes exported into the dataset(s) during this run, all arms.</param>
/// <param name="Message">The last notable event (re-record, recovery), or null.</param>
public sealed record RecordingProgress(int Episode, int Episodes, string Phase, DateTimeOffset? PhaseEndsAt, int Saved, string? Message)
{
    /// <summary>Time left in the phase.</summary>
    public TimeSpan TimeLeft => PhaseEndsAt is { } end ? TimeSpan.FromTicks(Math.Max(0, (end - DateTimeOffset.UtcNow).Ticks)) : TimeSpan.Zero;
}
