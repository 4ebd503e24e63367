using Fleet.Messages;

namespace Fleet.Actors.Arm;

/// <summary>
/// What the servo tick published after tick <see cref="Tick"/>: the arm's joint positions, the queue, the counters.
/// Sent every tick to the arm's observation filter, policy client and supervisor.
/// </summary>
/// <param name="ArmId">The arm.</param>
/// <param name="Tick">The tick index since the loop started (skipped ticks included).</param>
/// <param name="NextTimestep">The timestep of the next action to execute (<see cref="ActionQueue.NextTimestep"/>).</param>
/// <param name="QueueCount">Actions queued after this tick's pop.</param>
/// <param name="Positions">Present positions (degrees, gripper 0..100) read this tick; the previous reading on a faulted tick.</param>
/// <param name="Executed">Actions executed so far.</param>
/// <param name="StarvationTicks">Ticks that found the queue empty after the first chunk arrived.</param>
/// <param name="ChunksMerged">Chunks merged into the queue so far (a state older than a forwarded chunk does not show it).</param>
/// <param name="Holding">True when the arm is held (shutdown, alarm or bus fault) and executes no actions.</param>
/// <param name="Fault">The bus fault of this tick, or null when the tick's bus transfers succeeded.</param>
/// <param name="Metrics">Tick metrics, attached every few ticks and on the last one (null otherwise).</param>
/// <param name="Budget">The tick's work time against its period, attached with <paramref name="Metrics"/>.</param>
public sealed record ServoState(
    string ArmId,
    long Tick,
    long NextTimestep,
    int QueueCount,
    ReadOnlyMemory<float> Positions,
    long Executed,
    long StarvationTicks,
    long ChunksMerged,
    bool Holding,
    string? Fault,
    TickMetricsSnapshot? Metrics,
    TickBudget? Budget = null)
{
    /// <summary>
    /// The goal commanded to the servos as of this tick (the executed action; while nothing has been executed yet, the
    /// present positions). The recorder journals it as the tick's <c>action</c>.
    /// </summary>
    public ReadOnlyMemory<float> Goal { get; init; }
}

/// <summary>
/// Per-tick budget accounting: how long a tick's own work (merge, pop, clamp, SYNC_WRITE, SYNC_READ, publish) took.
/// Work near the period leaves no slack for jitter; work beyond it makes the next tick late (an overrun).
/// </summary>
/// <param name="WorkP50">Median work time per tick.</param>
/// <param name="WorkP99">99th percentile work time per tick.</param>
/// <param name="WorkMax">Longest work time of a tick.</param>
/// <param name="OverBudget">Ticks whose work took longer than the period.</param>
public sealed record TickBudget(TimeSpan WorkP50, TimeSpan WorkP99, TimeSpan WorkMax, long OverBudget);

/// <summary>A chunk the policy client accepted; the action queue actor hands it to the servo tick for merging.</summary>
/// <param name="Chunk">The chunk; action <c>i</c> is for timestep <c>Chunk.StartTimestep + i</c>.</param>
public sealed record EnqueueChunk(ActionChunk Chunk);

/// <summary>
/// A camera's new frame, published on the event stream by its camera actor for recorders (the filter gets
/// <see cref="FrameCaptured"/> directly).
/// </summary>
/// <param name="ArmId">The arm the camera belongs to.</param>
/// <param name="Camera">The camera's name.</param>
/// <param name="Frame">The frame.</param>
public sealed record ArmFrameCaptured(string ArmId, string Camera, ImageFrame Frame);

/// <summary>A camera's newest frame, sent by its camera actor to the observation filter (latest-frame semantics).</summary>
/// <param name="Camera">The camera's name (the observation's image key).</param>
/// <param name="Frame">The frame.</param>
public sealed record FrameCaptured(string Camera, ImageFrame Frame);

/// <summary>
/// The policy client asks the observation filter for an observation stamped <paramref name="Timestep"/>; the filter
/// answers <see cref="ObservationAssembled"/> (admitted or skipped).
/// </summary>
/// <param name="Timestep">The timestep of the next action to execute.</param>
/// <param name="MustGo">True when the queue ran dry: the filter must admit it.</param>
public sealed record AssembleObservation(long Timestep, bool MustGo);

/// <summary>The filter's answer to <see cref="AssembleObservation"/>: the observation, or null when the filter skipped it.</summary>
/// <param name="Observation">The admitted observation, or null.</param>
public sealed record ObservationAssembled(Observation? Observation);

/// <summary>The policy client's counters, pushed to the arm supervisor after every reply or timeout.</summary>
/// <param name="ChunksReceived">Chunks accepted (merged into the queue).</param>
/// <param name="Requests">Requests sent.</param>
/// <param name="Timeouts">Requests that passed their deadline unanswered.</param>
/// <param name="Errors">Replies that carried an error instead of a chunk.</param>
/// <param name="Discarded">Replies discarded as outdated.</param>
/// <param name="LatencyP50">Median request-to-reply time.</param>
/// <param name="LatencyLast">The last request-to-reply time.</param>
/// <param name="Alarm">The raised alarm's text (policy unreachable), or null.</param>
public sealed record PolicyClientStats(
    long ChunksReceived, long Requests, long Timeouts, long Errors, long Discarded, TimeSpan LatencyP50, TimeSpan LatencyLast, string? Alarm)
{
    /// <summary>Request-to-reply times at <see cref="HistogramBuckets.LatencyBounds"/>, or null when not measured.</summary>
    public HistogramBuckets? LatencyHistogram { get; init; }
}

/// <summary>The capture times of the newest frame of each camera, pushed by the filter to the supervisor.</summary>
/// <param name="CapturedAt">Camera name to capture time of its newest frame.</param>
public sealed record CameraFrameTimes(IReadOnlyDictionary<string, DateTimeOffset> CapturedAt);

/// <summary>An alarm raised or cleared on an arm; published on the event stream.</summary>
/// <param name="ArmId">The arm.</param>
/// <param name="Kind">"policy-unreachable", "bus-fault" or "camera".</param>
/// <param name="Message">What happened and what to do.</param>
/// <param name="Raised">True when raised, false when cleared.</param>
public sealed record ArmAlarm(string ArmId, string Kind, string Message, bool Raised);

/// <summary>
/// Stops executing actions and holds the present goal (the servo keeps ticking and reading). Replies
/// <see cref="ArmHeld"/>. Used by shutdown's hold-arms phase and by an operator's e-stop.
/// </summary>
public sealed record HoldArm;

/// <summary>The reply to <see cref="HoldArm"/>.</summary>
/// <param name="ArmId">The arm.</param>
public sealed record ArmHeld(string ArmId);

/// <summary>
/// Ends the servo loop and applies the torque policy: disables torque unless <paramref name="KeepTorque"/> or the arm is
/// configured to keep it (<see cref="ArmSettings.KeepTorqueOnExit"/>).
/// Replies <see cref="ArmReleased"/> once the bus writes are done (or failed).
/// </summary>
/// <param name="KeepTorque">True to leave torque on (the arm keeps holding its pose).</param>
public sealed record ReleaseArm(bool KeepTorque);

/// <summary>The reply to <see cref="ReleaseArm"/>.</summary>
/// <param name="ArmId">The arm.</param>
/// <param name="TorqueDisabled">True when torque was disabled on every motor.</param>
/// <param name="Error">Why the torque policy could not be applied, or null.</param>
public sealed record ArmReleased(string ArmId, bool TorqueDisabled, string? Error);

/// <summary>
/// An arm supervisor tells its parent that its servo gave up on the bus: the arm is stopped (its servos hold the
/// last safe goal) and needs a person. Other arms are not affected.
/// </summary>
/// <param name="ArmId">The arm.</param>
/// <param name="Reason">What failed and what to do.</param>
public sealed record ArmFaulted(string ArmId, string Reason);
