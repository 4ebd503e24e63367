namespace Fleet.Actors.Fleets;

/// <summary>Asks an arm supervisor (or the fleet supervisor, for the arm named) for its <see cref="ArmStatus"/>.</summary>
/// <param name="ArmId">The arm; the fleet supervisor answers <see cref="ArmNotFound"/> for an unknown id.</param>
public sealed record GetArmStatus(string ArmId);

/// <summary>Asks the fleet supervisor for every arm's status; the reply is a <see cref="FleetStatus"/>.</summary>
public sealed record GetFleetStatus;

/// <summary>The fleet supervisor's answer to <see cref="GetArmStatus"/> for an arm it does not own.</summary>
/// <param name="ArmId">The id asked for.</param>
/// <param name="Known">The arms it does own.</param>
public sealed record ArmNotFound(string ArmId, IReadOnlyList<string> Known);

/// <summary>Every arm's status, in the order the arms were configured.</summary>
/// <param name="Arms">One status per arm.</param>
public sealed record FleetStatus(IReadOnlyList<ArmStatus> Arms);

/// <summary>The states an arm goes through; see <see cref="ArmStatus.State"/>.</summary>
public enum ArmState
{
    /// <summary>Started; the first chunk has not arrived yet.</summary>
    Starting,

    /// <summary>Executing actions.</summary>
    Running,

    /// <summary>The policy stopped answering: the queue drains, then the arm holds; an alarm is raised.</summary>
    PolicyUnreachable,

    /// <summary>Held on request (shutdown, e-stop): no actions are executed.</summary>
    Holding,

    /// <summary>The servo bus failed beyond its retries: the arm is stopped and its supervisor escalated.</summary>
    Faulted,

    /// <summary>The arm's actors have stopped.</summary>
    Stopped,
}

/// <summary>
/// A point-in-time view of one arm for inspection (`fleet arm status`) and the demo's summary. Counters are cumulative
/// since the arm started; tick metrics lag the servo by at most half a second.
/// </summary>
/// <param name="ArmId">The arm.</param>
/// <param name="State">Where the arm is in its life.</param>
/// <param name="JointPositions">The last positions read from the bus (degrees; gripper 0..100).</param>
/// <param name="QueueDepth">Actions queued after the last tick.</param>
/// <param name="Ticks">Servo ticks run.</param>
/// <param name="Executed">Actions executed.</param>
/// <param name="StarvationTicks">Ticks that found the queue empty after the first chunk.</param>
/// <param name="ChunksReceived">Chunks merged into the queue.</param>
/// <param name="Requests">Inference requests sent.</param>
/// <param name="Timeouts">Requests that passed their deadline.</param>
/// <param name="ChunkLatencyP50">Median request-to-chunk time.</param>
/// <param name="ChunkLatencyLast">The last request-to-chunk time.</param>
/// <param name="Tick">Tick period and jitter figures (zero before the first report).</param>
/// <param name="CameraAges">Age of each camera's newest frame.</param>
/// <param name="Alarms">The alarms currently raised.</param>
/// <param name="LastFault">The last bus fault seen, or null.</param>
/// <param name="Budget">The tick's work time against its period (null before the first report).</param>
public sealed record ArmStatus(
    string ArmId,
    ArmState State,
    IReadOnlyList<float> JointPositions,
    int QueueDepth,
    long Ticks,
    long Executed,
    long StarvationTicks,
    long ChunksReceived,
    long Requests,
    long Timeouts,
    TimeSpan ChunkLatencyP50,
    TimeSpan ChunkLatencyLast,
    Arm.TickMetricsSnapshot Tick,
    IReadOnlyDictionary<string, TimeSpan> CameraAges,
    IReadOnlyList<string> Alarms,
    string? LastFault,
    Arm.TickBudget? Budget = null)
{
    /// <summary>Ticks whose bus transfers failed (each retried; <see cref="ArmState.Faulted"/> after too many in a row).</summary>
    public long BusErrors { get; init; }

    /// <summary>Request-to-chunk times as a histogram (for /metrics), or null before the first reply.</summary>
    public Arm.HistogramBuckets? ChunkLatencyHistogram { get; init; }

    /// <summary>The fleet-wide STOP holding this arm (who sent it, when, why), or null when none is in force.</summary>
    public Messages.FleetStop? FleetStop { get; init; }
}
