using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.So101;

namespace Fleet.Hardware.Simulation;

/// <summary>
/// A whole simulated SO-101 (six STS3215 servos, ids 1..6, 1,000,000 baud) on a pseudo-terminal, for tests, benchmarks
/// and <c>fleet demo</c>: open <see cref="PortPath"/> with <see cref="FeetechBus"/> as you would a real arm.
/// </summary>
/// <remarks>
/// By default the servos are already calibrated to mid-range: they hold <see cref="DefaultCalibration"/>'s homing
/// offsets and limits and rest at raw position 2047, so <see cref="So101Arm.IsCalibratedAsync"/> is true with that
/// calibration. A leader's joints follow a smooth sinusoidal trajectory inside their ranges, as if a person moved it.
/// </remarks>
public sealed class SimulatedArmBus : IDisposable
{
    private readonly ServoBusHost? _ownedHost;
    private readonly ServoBusHost _host;

    /// <summary>Creates the arm on its own serving thread.</summary>
    public SimulatedArmBus(SimulatedArmOptions? options = null) : this(null, options) { }

    /// <summary>Creates the arm served by <paramref name="host"/> (shared by many arms), or by its own thread when null.</summary>
    public SimulatedArmBus(ServoBusHost? host, SimulatedArmOptions? options = null)
    {
        Options = options ?? new SimulatedArmOptions();
        _ownedHost = host is null ? new ServoBusHost() : null;
        _host = host ?? _ownedHost!;
        Simulator = new ServoBusSimulator(So101Motor.Ids(), Options.Faults, Options.RealisticTiming);
        Pose();
        _host.Add(Simulator);
    }

    /// <summary>
    /// The calibration the simulated servos hold at start: varied homing offsets, ranges of ±900 ticks around 2047 for
    /// the body joints, the full turn for wrist_roll (as LeRobot records it) and 1900..3300 for the gripper.
    /// </summary>
    public static CalibrationSet DefaultCalibration { get; } = new(
    [
        KeyValuePair.Create("shoulder_pan", new MotorCalibration(1, 0, 120, 1147, 2947)),
        KeyValuePair.Create("shoulder_lift", new MotorCalibration(2, 0, -350, 1147, 2947)),
        KeyValuePair.Create("elbow_flex", new MotorCalibration(3, 0, 512, 1147, 2947)),
        KeyValuePair.Create("wrist_flex", new MotorCalibration(4, 0, -77, 1147, 2947)),
        KeyValuePair.Create("wrist_roll", new MotorCalibration(5, 0, 0, 0, 4095)),
        KeyValuePair.Create("gripper", new MotorCalibration(6, 0, 230, 1900, 3300)),
    ]);

    /// <summary>The options the arm was created with.</summary>
    public SimulatedArmOptions Options { get; }

    /// <summary>The device path to open, e.g. <c>/dev/pts/5</c>.</summary>
    public string PortPath => Simulator.PortPath;

    /// <summary>The bus simulator, for scenario control (faults, servo state).</summary>
    public ServoBusSimulator Simulator { get; }

    /// <summary>Stops serving and hangs up the port.</summary>
    public void Dispose()
    {
        _host.Remove(Simulator);
        Simulator.Dispose();
        _ownedHost?.Dispose();
    }

    private void Pose()
    {
        foreach (var motor in So101Motor.All)
        {
            var c = DefaultCalibration[motor.Name];
            Simulator.WithServo(motor.Id, servo =>
            {
                if (Options.Calibrated)
                {
                    servo.Set(ControlTable.HomingOffset, c.HomingOffset);
                    servo.Set(ControlTable.MinPositionLimit, c.RangeMin);
                    servo.Set(ControlTable.MaxPositionLimit, c.RangeMax);
                }
                // The shaft rests where the default calibration reads mid-range, calibrated or not.
                servo.SetPhysicalPosition(c.HomingOffset + 2047);
                if (Options.Leader) servo.HandMotion = Trajectory(motor, c);
            });
        }
    }

    /// <summary>A smooth motion inside the calibrated range; each joint has its own phase.</summary>
    private Func<double, double> Trajectory(So101Motor motor, MotorCalibration c)
    {
        var center = motor.Name == "wrist_roll" ? 2047.0 : (c.RangeMin + c.RangeMax) / 2.0;
        var amplitude = motor.Name == "wrist_roll" ? 600.0 : 0.35 * (c.RangeMax - c.RangeMin);
        var omega = 2 * Math.PI / Options.TrajectoryPeriod;
        var phase = Options.TrajectoryPhase + motor.Id * 0.9;
        var start = Math.Sin(phase);
        // Starts at the rest pose (2047) and eases into the sinusoid, so the first reading is the resting pose.
        return t => c.HomingOffset + center + amplitude * (Math.Sin(omega * t + phase) - start * Math.Exp(-t)) + (2047 - center) * Math.Exp(-t);
    }
}
