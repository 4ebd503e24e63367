namespace Fleet.Node.Recording;

/// <summary>What an operator can ask of a running <see cref="RecordingSession"/> (keys in <c>fleet record</c>).</summary>
public enum EpisodeCommand
{
    /// <summary>End the current episode (or reset period) now and keep it (→).</summary>
    EndEarly,

    /// <summary>Discard the current (or just finished, still in reset) episode and record it again (←).</summary>
    ReRecord,

    /// <summary>Stop recording: keep the current episode and end the session (Esc).</summary>
    Stop,
}
