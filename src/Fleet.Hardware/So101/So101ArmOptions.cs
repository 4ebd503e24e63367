using Fleet.Hardware.Feetech;

namespace Fleet.Hardware.So101;

/// <summary>Settings of an SO-101 arm; defaults are LeRobot's (research §3).</summary>
/// <param name="UseDegrees">Body joints in degrees (LeRobot ≥ 0.4.4 default) instead of −100..100.</param>
/// <param name="MaxRelativeTarget">Largest goal step per tick in normalized units, for every motor; null for none (LeRobot's default).</param>
/// <param name="DisableTorqueOnDisconnect">Followers drop torque when disconnected (true, LeRobot's default); false holds the pose.</param>
/// <param name="PositionP">P_Coefficient written by the follower's configure (16).</param>
/// <param name="PositionI">I_Coefficient (0).</param>
/// <param name="PositionD">D_Coefficient (32).</param>
/// <param name="Bus">Bus timeouts and retries.</param>
public sealed record So101ArmOptions(
    bool UseDegrees = true,
    double? MaxRelativeTarget = null,
    bool DisableTorqueOnDisconnect = true,
    int PositionP = 16,
    int PositionI = 0,
    int PositionD = 32,
    FeetechBusOptions? Bus = null)
{
    /// <summary>LeRobot's defaults.</summary>
    public static So101ArmOptions Default { get; } = new();
}
