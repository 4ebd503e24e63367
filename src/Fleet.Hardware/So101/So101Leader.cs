using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;

namespace Fleet.Hardware.So101;

/// <summary>
/// An SO-101 leader arm, moved by a person: configured like LeRobot's <c>SOLeader</c> with torque left off, and read
/// once per tick with one SYNC_READ of Present_Position.
/// </summary>
public sealed class So101Leader : So101Arm
{
    /// <summary>Wraps an open bus; the leader owns it.</summary>
    public So101Leader(FeetechBus bus, CalibrationSet? calibration = null, So101ArmOptions? options = null)
        : base(bus, calibration, options) { }

    /// <summary>LeRobot's leader <c>configure()</c>: torque off and unlocked, configure_motors, operating mode 0. Torque stays off.</summary>
    public async Task ConfigureAsync(CancellationToken cancellationToken)
    {
        await DisableTorqueAsync(cancellationToken);
        await ConfigureMotorsAsync(cancellationToken);
        foreach (var motor in So101Motor.All) await Bus.WriteAsync(motor.Id, ControlTable.OperatingMode, 0, cancellationToken);
    }

    /// <summary>The leader's pose as an action (normalized units, motor order).</summary>
    public ValueTask GetActionAsync(Memory<double> action, CancellationToken cancellationToken) => ReadPositionsAsync(action, cancellationToken);
}
