namespace Fleet.Dataset.Journal;

/// <summary>
/// One recorded tick of one episode, as journaled: the row LeRobot's data Parquet gets
/// (state, action, timestamp, frame and episode index, task) plus the camera frames taken at that tick.
/// </summary>
/// <remarks>
/// Equality compares contents (arrays element by element, cameras in order), so a frame read back
/// from the journal equals the one written. The arrays are not copied: do not mutate them after
/// handing the record to a journal or writer.
/// </remarks>
/// <param name="Episode">The episode this frame belongs to.</param>
/// <param name="FrameIndex">Zero-based index in the episode; journaled as sequence number <c>FrameIndex + 1</c>.</param>
/// <param name="Timestamp">Seconds since the episode start; LeRobot's <c>timestamp</c> is <c>FrameIndex / fps</c>.</param>
/// <param name="CapturedAt">Wall-clock time the tick was taken (UTC); kept at 100 ns precision.</param>
/// <param name="State">Observed joint state (<c>observation.state</c>), motor order.</param>
/// <param name="Action">Commanded action (<c>action</c>), motor order.</param>
/// <param name="TaskIndex">Row of the task in the dataset's tasks table.</param>
/// <param name="Task">Task text (kept so a crash-recovered episode needs no other source).</param>
/// <param name="Cameras">Camera frame sequence numbers of this tick, one per camera.</param>
public sealed record FrameRecord(
    EpisodeKey Episode,
    long FrameIndex,
    double Timestamp,
    DateTimeOffset CapturedAt,
    float[] State,
    float[] Action,
    long TaskIndex,
    string Task,
    IReadOnlyList<CameraFrameRef> Cameras)
{
    /// <summary>The journal's sequence number of this frame: <c>FrameIndex + 1</c> (sequence numbers start at 1).</summary>
    public long SequenceNr => FrameIndex + 1;

    /// <inheritdoc />
    public bool Equals(FrameRecord? other) =>
        other is not null
        && Episode == other.Episode
        && FrameIndex == other.FrameIndex
        && Timestamp.Equals(other.Timestamp)
        && CapturedAt.UtcTicks == other.CapturedAt.UtcTicks
        && State.AsSpan().SequenceEqual(other.State)
        && Action.AsSpan().SequenceEqual(other.Action)
        && TaskIndex == other.TaskIndex
        && Task == other.Task
        && Cameras.SequenceEqual(other.Cameras);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Episode, FrameIndex, Timestamp, TaskIndex);
}
