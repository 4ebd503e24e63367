using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;

namespace Fleet.Hardware.So101;

/// <summary>
/// What SO-101 followers and leaders share: a <see cref="FeetechBus"/> with the six <see cref="So101Motor"/>s, the
/// arm's <see cref="CalibrationSet"/>, LeRobot's connect handshake, and normalized position reads.
/// </summary>
/// <remarks>Not thread-safe; one owner drives the arm. Disposing closes the bus (subclasses first make the arm safe).</remarks>
public abstract class So101Arm : IDisposable
{
    private readonly byte[] _ids = So101Motor.Ids();
    private readonly int[] _raw = new int[6];
    private readonly NormMode[] _modes;
    private CalibrationSet? _calibration;
    private MotorCalibration[] _byIndex = [];

    /// <summary>Wraps an open bus; the arm owns it from here on.</summary>
    protected So101Arm(FeetechBus bus, CalibrationSet? calibration, So101ArmOptions? options)
    {
        Bus = bus ?? throw new ArgumentNullException(nameof(bus));
        Options = options ?? So101ArmOptions.Default;
        _modes = So101Motor.All.Select(m => m.Mode(Options.UseDegrees)).ToArray();
        if (calibration is not null) Calibration = calibration;
    }

    /// <summary>The arm's bus.</summary>
    public FeetechBus Bus { get; }

    /// <summary>The arm's settings.</summary>
    public So101ArmOptions Options { get; }

    /// <summary>Motor ids in motor order (do not modify).</summary>
    protected ReadOnlyMemory<byte> Ids => _ids;

    /// <summary>Normalization mode per motor, in motor order.</summary>
    public IReadOnlyList<NormMode> Modes => _modes;

    /// <summary>The calibration in use; setting it checks that every SO-101 motor is present.</summary>
    /// <exception cref="InvalidOperationException">Read before any calibration was set.</exception>
    public CalibrationSet Calibration
    {
        get => _calibration ?? throw new InvalidOperationException($"The arm on {Bus.PortPath} has no calibration yet. Run `fleet calibrate` or load a calibration file.");
        set
        {
            _byIndex = So101Motor.All.Select(m => value[m.Name]).ToArray();
            _calibration = value;
        }
    }

    /// <summary>True once a calibration is set.</summary>
    public bool HasCalibration => _calibration is not null;

    /// <summary>
    /// LeRobot's handshake: every motor must answer a ping with model 777 (STS3215), and all must share one firmware version.
    /// </summary>
    /// <exception cref="ArmHandshakeException">A motor is missing, of another model, or firmware differs.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var firmware = new Dictionary<string, string>();
        foreach (var motor in So101Motor.All)
        {
            var model = await Bus.PingAsync(motor.Id, cancellationToken);
            if (model is null) { problems.Add($"'{motor.Name}' (id {motor.Id}) did not answer"); continue; }
            if (model != ControlTable.Sts3215ModelNumber) { problems.Add($"'{motor.Name}' (id {motor.Id}) is model {model}, expected 777 (sts3215)"); continue; }
            firmware[motor.Name] = (await Bus.ReadInfoAsync(motor.Id, cancellationToken)).Firmware;
        }
        if (problems.Count > 0)
            throw new ArmHandshakeException($"Motor check failed on {Bus.PortPath}: {string.Join("; ", problems)}. " +
                "Check power and cables, then set up the motor ids (`fleet bus scan --port " + Bus.PortPath + "` lists what answers).");
        if (firmware.Values.Distinct().Count() > 1)
            throw new ArmHandshakeException($"Some motors on {Bus.PortPath} use different firmware versions: " +
                string.Join(", ", firmware.Select(kv => $"{kv.Key} {kv.Value}")) + ". Update them with Feetech's FD software.");
    }

    /// <summary>
    /// True when every servo's Min_Position_Limit, Max_Position_Limit and Homing_Offset equal the calibration's
    /// range_min, range_max and homing_offset (LeRobot's <c>is_calibrated</c>).
    /// </summary>
    public async Task<bool> IsCalibratedAsync(CancellationToken cancellationToken)
    {
        if (!HasCalibration) return false;
        for (var i = 0; i < _ids.Length; i++)
        {
            var c = _byIndex[i];
            if (await Bus.ReadAsync(_ids[i], ControlTable.MinPositionLimit, cancellationToken) != c.RangeMin) return false;
            if (await Bus.ReadAsync(_ids[i], ControlTable.MaxPositionLimit, cancellationToken) != c.RangeMax) return false;
            if (await Bus.ReadAsync(_ids[i], ControlTable.HomingOffset, cancellationToken) != c.HomingOffset) return false;
        }
        return true;
    }

    /// <summary>
    /// Disables torque (so EPROM writes persist) and writes each motor's Homing_Offset, Min_Position_Limit and
    /// Max_Position_Limit; then adopts <paramref name="calibration"/>.
    /// </summary>
    public async Task WriteCalibrationAsync(CalibrationSet calibration, CancellationToken cancellationToken)
    {
        await DisableTorqueAsync(cancellationToken);
        foreach (var motor in So101Motor.All)
        {
            var c = calibration[motor.Name];
            await Bus.WriteAsync(motor.Id, ControlTable.HomingOffset, c.HomingOffset, cancellationToken);
            await Bus.WriteAsync(motor.Id, ControlTable.MinPositionLimit, c.RangeMin, cancellationToken);
            await Bus.WriteAsync(motor.Id, ControlTable.MaxPositionLimit, c.RangeMax, cancellationToken);
        }
        Calibration = calibration;
    }

    /// <summary>Per motor: Torque_Enable = 0, then Lock = 0 (LeRobot's <c>disable_torque</c>).</summary>
    public async Task DisableTorqueAsync(CancellationToken cancellationToken, int? retries = null)
    {
        foreach (var id in _ids)
        {
            await Bus.WriteAsync(id, ControlTable.TorqueEnable, 0, cancellationToken, retries);
            await Bus.WriteAsync(id, ControlTable.Lock, 0, cancellationToken, retries);
        }
    }

    /// <summary>One SYNC_READ of Present_Position; raw ticks into <paramref name="raw"/> (6 values, motor order).</summary>
    public ValueTask ReadRawPositionsAsync(Memory<int> raw, CancellationToken cancellationToken) =>
        Bus.SyncReadAsync(ControlTable.PresentPosition, _ids, raw, cancellationToken);

    /// <summary>One SYNC_READ of Present_Position, normalized (degrees / −100..100 / 0..100) into <paramref name="positions"/>.</summary>
    public async ValueTask ReadPositionsAsync(Memory<double> positions, CancellationToken cancellationToken)
    {
        await Bus.SyncReadAsync(ControlTable.PresentPosition, _ids, _raw, cancellationToken);
        var span = positions.Span;
        for (var i = 0; i < _raw.Length; i++) span[i] = Normalization.Normalize(_raw[i], _byIndex[i], _modes[i]);
    }

    /// <summary>Calibration of the motor at <paramref name="index"/> (motor order).</summary>
    protected MotorCalibration CalibrationAt(int index) => _byIndex[index];

    /// <summary>Writes what LeRobot's <c>configure_motors</c> writes: no return delay, maximal acceleration, Phase bit 4 cleared.</summary>
    protected async Task ConfigureMotorsAsync(CancellationToken cancellationToken)
    {
        foreach (var id in _ids)
        {
            await Bus.WriteAsync(id, ControlTable.ReturnDelayTime, 0, cancellationToken);
            await Bus.WriteAsync(id, ControlTable.MaximumAcceleration, 254, cancellationToken);
            await Bus.WriteAsync(id, ControlTable.Acceleration, 254, cancellationToken);
            var phase = await Bus.ReadAsync(id, ControlTable.Phase, cancellationToken);
            if ((phase & 0x10) != 0) await Bus.WriteAsync(id, ControlTable.Phase, phase & ~0x10, cancellationToken);
        }
    }

    /// <summary>Closes the bus. Subclasses override <see cref="Dispose(bool)"/> to make the arm safe first.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the bus.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Bus.Dispose();
    }
}
