namespace Fleet.Node.Config.Options;

/// <summary>Binds <c>fleet.recording</c>: where datasets and the crash-recovery journal live.</summary>
/// <param name="Root">Folder that receives LeRobotDataset v3 datasets.</param>
/// <param name="Journal">SQLite file journaling frames while an episode records.</param>
public sealed record RecordingOptions(string Root, string Journal)
{
    /// <summary>Reads <c>fleet.recording</c>.</summary>
    public static RecordingOptions FromConfig(FleetConfig config) =>
        new(config.GetString("fleet.recording.root"), config.GetString("fleet.recording.journal"));
}
