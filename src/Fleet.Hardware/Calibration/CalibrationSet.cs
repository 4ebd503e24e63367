namespace Fleet.Hardware.Calibration;

/// <summary>
/// A whole arm's calibration: motor name → <see cref="MotorCalibration"/>, in file order (LeRobot's motor order).
/// Immutable; <see cref="CalibrationFile"/> reads and writes it in LeRobot's JSON format.
/// </summary>
public sealed class CalibrationSet
{
    private readonly (string Name, MotorCalibration Calibration)[] _motors;

    /// <summary>Creates a set from (name, calibration) pairs in motor order.</summary>
    /// <exception cref="ArgumentException">A motor name repeats.</exception>
    public CalibrationSet(IEnumerable<KeyValuePair<string, MotorCalibration>> motors)
    {
        _motors = motors.Select(kv => (kv.Key, kv.Value)).ToArray();
        var duplicate = _motors.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Motor '{duplicate.Key}' appears twice in the calibration.", nameof(motors));
    }

    /// <summary>Motor names in order.</summary>
    public IEnumerable<string> Names => _motors.Select(m => m.Name);

    /// <summary>Number of motors.</summary>
    public int Count => _motors.Length;

    /// <summary>(name, calibration) pairs in order.</summary>
    public IEnumerable<KeyValuePair<string, MotorCalibration>> Entries => _motors.Select(m => KeyValuePair.Create(m.Name, m.Calibration));

    /// <summary>The calibration of motor <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The set has no such motor; the message lists those it has.</exception>
    public MotorCalibration this[string name] =>
        TryGet(name, out var c) ? c : throw new KeyNotFoundException($"The calibration has no motor '{name}' (it has {string.Join(", ", Names)}).");

    /// <summary>Looks up motor <paramref name="name"/>.</summary>
    public bool TryGet(string name, out MotorCalibration calibration)
    {
        foreach (var (n, c) in _motors)
        {
            if (n != name) continue;
            calibration = c;
            return true;
        }
        calibration = null!;
        return false;
    }
}
