using Fleet.Node.Config;

namespace Fleet.Node.Fleets;

/// <summary>The <c>robot</c> section of an arm in <c>fleet.arms</c>.</summary>
/// <param name="Type"><see cref="Real"/> or <see cref="Simulated"/>.</param>
/// <param name="Port">The serial device (real arms only).</param>
/// <param name="CalibrationId">The calibration file's id (real arms only).</param>
/// <param name="MaxRelativeTarget">Largest goal step per tick in degrees, or null for no cap.</param>
/// <param name="KeepTorqueOnExit">Leave torque on at shutdown.</param>
/// <param name="Faults">Simulator fault spec (simulated arms only), empty for none.</param>
/// <param name="Origin">Where the section was written.</param>
public sealed record RobotOptions(
    string Type, string? Port, string? CalibrationId, double? MaxRelativeTarget, bool KeepTorqueOnExit, string Faults, ConfigOrigin? Origin)
{
    /// <summary>A real SO-101 follower on a serial port.</summary>
    public const string Real = "so101_follower";

    /// <summary>A simulated SO-101 follower served in-process on a pseudo-terminal.</summary>
    public const string Simulated = "so101_follower_sim";

    /// <summary>True for <see cref="Simulated"/>.</summary>
    public bool IsSimulated => Type == Simulated;

    internal static RobotOptions Bind(FleetConfig arm, string path, string armId)
    {
        var robot = arm.GetConfig("robot");
        var type = robot.HasPath("type") ? robot.GetString("type")
            : throw new ConfigException.Missing(robot.Root.Origin, $"{path}.robot.type", $"arm \"{armId}\" needs a robot type: {Real} or {Simulated}");
        if (type is not (Real or Simulated))
            throw new ConfigException.BadValue(robot.OriginOf("type"), $"{path}.robot.type",
                $"arm \"{armId}\": unknown robot type \"{type}\"; use {Real} (a real arm on a serial port) or {Simulated} (simulated in-process)");
        string? port = robot.HasPath("port") ? robot.GetString("port") : null;
        if (type == Real && string.IsNullOrWhiteSpace(port))
            throw new ConfigException.Missing(robot.Root.Origin, $"{path}.robot.port",
                $"arm \"{armId}\" is a {Real} and needs the serial device of its servo bus, e.g. port = \"/dev/ttyACM0\"");
        double? cap = robot.HasPath("max-relative-target") ? robot.GetDouble("max-relative-target") : null;
        if (cap is <= 0)
            throw new ConfigException.BadValue(robot.OriginOf("max-relative-target"), $"{path}.robot.max-relative-target",
                $"arm \"{armId}\": {cap} must be a positive number of degrees, or null for no cap");
        var faults = robot.HasPath("faults") ? robot.GetString("faults") : "";
        return new RobotOptions(type, port, robot.HasPath("id") ? robot.GetString("id") : null, cap,
            robot.GetBoolean("keep-torque-on-exit"), faults, robot.Root.Origin);
    }
}
