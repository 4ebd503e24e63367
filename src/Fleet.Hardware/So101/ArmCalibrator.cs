using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;

namespace Fleet.Hardware.So101;

/// <summary>
/// LeRobot's calibration procedure for an SO-101 (research §3.3), split into its two interactive steps so a CLI or a
/// test can drive them: <see cref="SetHalfTurnHomingsAsync"/> with the arm posed mid-range, then
/// <see cref="RecordRangesAsync"/> while the user moves every joint through its range.
/// </summary>
public static class ArmCalibrator
{
    /// <summary>The raw position a mid pose reads after homing: int(4095 / 2).</summary>
    public const int HalfTurn = 2047;

    /// <summary>Pause between range samples (LeRobot 0.6.1: ~20 ms).</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Disables torque, sets operating mode 0, resets each motor's Homing_Offset and limits (0, 0..4095), reads the
    /// present positions and writes Homing_Offset = position − 2047, so the current pose reads 2047. Returns the offsets.
    /// </summary>
    public static async Task<int[]> SetHalfTurnHomingsAsync(So101Arm arm, CancellationToken cancellationToken)
    {
        var bus = arm.Bus;
        await arm.DisableTorqueAsync(cancellationToken);
        foreach (var motor in So101Motor.All)
        {
            await bus.WriteAsync(motor.Id, ControlTable.OperatingMode, 0, cancellationToken);
            await bus.WriteAsync(motor.Id, ControlTable.HomingOffset, 0, cancellationToken);
            await bus.WriteAsync(motor.Id, ControlTable.MinPositionLimit, 0, cancellationToken);
            await bus.WriteAsync(motor.Id, ControlTable.MaxPositionLimit, 4095, cancellationToken);
        }
        var raw = new int[6];
        await arm.ReadRawPositionsAsync(raw, cancellationToken);
        var offsets = new int[6];
        for (var i = 0; i < 6; i++)
        {
            offsets[i] = raw[i] - HalfTurn;
            await bus.WriteAsync(So101Motor.All[i].Id, ControlTable.HomingOffset, offsets[i], cancellationToken);
        }
        return offsets;
    }

    /// <summary>
    /// Samples raw positions until <paramref name="stop"/> fires, tracking each motor's min and max; wrist_roll is not
    /// recorded and gets the full turn 0..4095 (LeRobot since 0.4.3). <paramref name="onSample"/> sees every sample
    /// (for a live table). Returns (min, max) per motor.
    /// </summary>
    /// <exception cref="Fleet.Hardware.Calibration.CalibrationException">A recorded motor never moved (min == max); the message names it.</exception>
    public static async Task<(int[] Min, int[] Max)> RecordRangesAsync(So101Arm arm, Action<RangeSample>? onSample, CancellationToken stop, CancellationToken cancellationToken)
    {
        var raw = new int[6];
        await arm.ReadRawPositionsAsync(raw, cancellationToken);
        var min = (int[])raw.Clone();
        var max = (int[])raw.Clone();
        while (!stop.IsCancellationRequested)
        {
            await arm.Bus.SyncReadAsync(ControlTable.PresentPosition, So101Motor.Ids(), raw, cancellationToken, retries: 5);
            for (var i = 0; i < 6; i++)
            {
                min[i] = Math.Min(min[i], raw[i]);
                max[i] = Math.Max(max[i], raw[i]);
            }
            onSample?.Invoke(new RangeSample((int[])raw.Clone(), (int[])min.Clone(), (int[])max.Clone()));
            try { await Task.Delay(SampleInterval, stop); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        }
        var roll = IndexOf("wrist_roll");
        (min[roll], max[roll]) = (0, 4095);
        var still = So101Motor.All.Where((m, i) => min[i] == max[i]).Select(m => m.Name).ToList();
        if (still.Count > 0)
            throw new CalibrationException($"Some motors have the same min and max values: {string.Join(", ", still)}. " +
                "Move every joint through its whole range before finishing the recording.");
        return (min, max);
    }

    /// <summary>Builds LeRobot's calibration (drive_mode 0) from homing offsets and ranges.</summary>
    public static CalibrationSet Build(IReadOnlyList<int> offsets, IReadOnlyList<int> min, IReadOnlyList<int> max) =>
        new(So101Motor.All.Select((m, i) => KeyValuePair.Create(m.Name, new MotorCalibration(m.Id, 0, offsets[i], min[i], max[i]))));

    private static int IndexOf(string name)
    {
        for (var i = 0; i < So101Motor.All.Count; i++) if (So101Motor.All[i].Name == name) return i;
        throw new KeyNotFoundException(name);
    }
}
