using Fleet.Hardware.Cameras;
using Fleet.Hardware.So101;

namespace Fleet.Actors.Arm;

/// <summary>
/// Everything an <see cref="ArmSupervisor"/> needs to run one arm, already validated (the node builds it from
/// <c>fleet.arms</c>). The supervisor takes ownership of <see cref="Follower"/> and disposes it when the arm stops.
/// </summary>
/// <param name="ArmId">The arm's id, unique on the node; the actor name under /user/fleet.</param>
/// <param name="Follower">The connected, configured follower (torque enabled) whose bus the servo tick owns.</param>
/// <param name="Cameras">One factory per camera; each call makes a new, unstarted camera (a restart makes a new one).</param>
/// <param name="Policy">The policy's name in the pool (<see cref="Fleet.Messages.PredictChunk.Policy"/>).</param>
/// <param name="ChunkSize">The policy's chunk size (actions per chunk).</param>
/// <param name="Task">The task text put into every observation.</param>
/// <param name="Fps">Control ticks per second.</param>
/// <param name="Inference">When to ask for chunks and how to merge them.</param>
/// <param name="Filter">When an observation is worth sending.</param>
public sealed record ArmSettings(
    string ArmId,
    So101Follower Follower,
    IReadOnlyList<Func<ICamera>> Cameras,
    string Policy,
    int ChunkSize,
    string Task,
    double Fps,
    AsyncInferenceOptions Inference,
    ObservationFilterOptions Filter)
{
    /// <summary>Bus faults in a row (each after its in-tick retries) before the servo gives up and escalates.</summary>
    public int MaxConsecutiveBusFaults { get; init; } = 15;

    /// <summary>Consecutive unanswered requests (timeouts or errors) before the policy-unreachable alarm is raised.</summary>
    public int PolicyAlarmAfter { get; init; } = 2;

    /// <summary>First delay before a failed camera is restarted; it doubles up to <see cref="CameraMaxBackoff"/>.</summary>
    public TimeSpan CameraMinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between camera restarts.</summary>
    public TimeSpan CameraMaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock the servo tick waits on; the default sleeps on the stopwatch.</summary>
    public ITickTimeSource? TimeSource { get; init; }

    /// <summary>Leave torque on when the arm is released at shutdown (the arm then keeps holding its pose).</summary>
    public bool KeepTorqueOnExit { get; init; }

    /// <summary>
    /// A fleet-wide STOP (<see cref="Fleet.Messages.FleetStop"/>) disables torque instead of holding the present goal
    /// (<c>fleet.cluster.stop-disables-torque</c>); a STOP that asks for torque off gets it either way.
    /// </summary>
    public bool StopDisablesTorque { get; init; }
}
