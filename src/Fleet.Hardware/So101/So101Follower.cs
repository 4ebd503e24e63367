using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;

namespace Fleet.Hardware.So101;

/// <summary>
/// An SO-101 follower arm: configured like LeRobot's <c>SOFollower</c>, driven by goal positions that are always
/// clamped to the calibrated range (and to <see cref="So101ArmOptions.MaxRelativeTarget"/> when set) before one
/// SYNC_WRITE of Goal_Position.
/// </summary>
/// <remarks>
/// <see cref="DisconnectAsync"/> (and <see cref="So101Arm.Dispose()"/>) disables torque unless
/// <see cref="So101ArmOptions.DisableTorqueOnDisconnect"/> is false, so an arm never stays stiff after its owner stops.
/// </remarks>
public sealed class So101Follower : So101Arm
{
    private readonly int[] _goalRaw = new int[6];
    private readonly double[] _present = new double[6];
    private readonly double[] _safe = new double[6];
    private readonly double[] _caps;
    private (double Low, double High)[] _ranges = [];
    private bool _disconnected;

    /// <summary>Wraps an open bus; the follower owns it.</summary>
    public So101Follower(FeetechBus bus, CalibrationSet? calibration = null, So101ArmOptions? options = null)
        : base(bus, calibration, options)
    {
        _caps = Options.MaxRelativeTarget is { } cap ? Enumerable.Repeat(cap, 6).ToArray() : [];
    }

    /// <summary>Goals changed by the safety clamp so far.</summary>
    public long ClampedGoals { get; private set; }

    /// <summary>
    /// LeRobot's follower <c>configure()</c>: with torque off, writes return delay, accelerations, Phase, operating
    /// mode 0, the PID gains and the gripper's torque/current/overload limits, then enables torque and locks.
    /// </summary>
    public async Task ConfigureAsync(CancellationToken cancellationToken)
    {
        await DisableTorqueAsync(cancellationToken);
        await ConfigureMotorsAsync(cancellationToken);
        foreach (var motor in So101Motor.All)
        {
            await Bus.WriteAsync(motor.Id, ControlTable.OperatingMode, 0, cancellationToken);
            await Bus.WriteAsync(motor.Id, ControlTable.PCoefficient, Options.PositionP, cancellationToken);
            await Bus.WriteAsync(motor.Id, ControlTable.ICoefficient, Options.PositionI, cancellationToken);
            await Bus.WriteAsync(motor.Id, ControlTable.DCoefficient, Options.PositionD, cancellationToken);
            if (!motor.IsGripper) continue;
            await Bus.WriteAsync(motor.Id, ControlTable.MaxTorqueLimit, 500, cancellationToken);
            await Bus.WriteAsync(motor.Id, ControlTable.ProtectionCurrent, 250, cancellationToken);
            await Bus.WriteAsync(motor.Id, ControlTable.OverloadTorque, 25, cancellationToken);
        }
        await EnableTorqueAsync(cancellationToken);
    }

    /// <summary>Per motor: Torque_Enable = 1, then Lock = 1.</summary>
    public async Task EnableTorqueAsync(CancellationToken cancellationToken)
    {
        foreach (var motor in So101Motor.All)
        {
            await Bus.WriteAsync(motor.Id, ControlTable.TorqueEnable, 1, cancellationToken);
            await Bus.WriteAsync(motor.Id, ControlTable.Lock, 1, cancellationToken);
        }
    }

    /// <summary>
    /// Sends goal positions (normalized units, motor order) after the safety clamp; returns the goals actually sent
    /// (a view of an internal buffer, valid until the next call). With a max_relative_target this first reads the
    /// present positions (one extra SYNC_READ), as LeRobot does.
    /// </summary>
    /// <exception cref="ArgumentException">Not six goals.</exception>
    public async ValueTask<ReadOnlyMemory<double>> SendActionAsync(ReadOnlyMemory<double> goal, CancellationToken cancellationToken)
    {
        if (goal.Length != 6) throw new ArgumentException($"An SO-101 takes 6 goals ({string.Join(", ", So101Motor.FeatureNames)}), got {goal.Length}.", nameof(goal));
        if (_ranges.Length == 0) _ranges = Enumerable.Range(0, 6).Select(i => Normalization.NormalizedRange(CalibrationAt(i), Modes[i])).ToArray();
        if (_caps.Length > 0) await ReadPositionsAsync(_present, cancellationToken);
        ClampedGoals += SafetyClamp.Apply(goal.Span, _caps.Length > 0 ? _present : default, _caps, _ranges, _safe);
        for (var i = 0; i < 6; i++) _goalRaw[i] = Normalization.Unnormalize(_safe[i], CalibrationAt(i), Modes[i]);
        await Bus.SyncWriteAsync(ControlTable.GoalPosition, Ids, _goalRaw, cancellationToken);
        return _safe;
    }

    /// <summary>Disables torque (5 retries per write, as LeRobot) unless configured to hold; idempotent. Does not close the bus.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (_disconnected) return;
        _disconnected = true;
        if (Options.DisableTorqueOnDisconnect) await DisableTorqueAsync(cancellationToken, retries: 5);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && Bus.Port.IsOpen)
        {
            try { DisconnectAsync(CancellationToken.None).GetAwaiter().GetResult(); }
            catch (IOException) { /* The bus is gone (unplugged): nothing more can be made safe from here. */ }
        }
        base.Dispose(disposing);
    }
}
