namespace Fleet.Hardware.Simulation;

/// <summary>How a <see cref="SimulatedArmBus"/> starts.</summary>
/// <param name="Leader">A leader arm: torque off and moved by a simulated hand along a smooth trajectory.</param>
/// <param name="Faults">Faults to inject (none by default).</param>
/// <param name="RealisticTiming">Replies wait for their wire time at the client's baud (on by default).</param>
/// <param name="Calibrated">Servos start with <see cref="SimulatedArmBus.DefaultCalibration"/> written and posed mid-range (true), or factory-fresh (false).</param>
/// <param name="TrajectoryPeriod">Seconds per cycle of the leader's trajectory.</param>
/// <param name="TrajectoryPhase">Phase offset of the trajectory in radians, so several leaders do not move in lockstep.</param>
public sealed record SimulatedArmOptions(
    bool Leader = false,
    FaultSpec? Faults = null,
    bool RealisticTiming = true,
    bool Calibrated = true,
    double TrajectoryPeriod = 6,
    double TrajectoryPhase = 0);
