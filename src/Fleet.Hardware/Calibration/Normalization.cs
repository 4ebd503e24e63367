namespace Fleet.Hardware.Calibration;

/// <summary>
/// LeRobot's position normalization (<c>_normalize</c>/<c>_unnormalize</c>), formula for formula, so values agree
/// with LeRobot's to the unit: double arithmetic, and raw values truncated toward zero as Python's <c>int()</c> does.
/// The range modes clamp; degrees do not clamp and ignore the drive mode, as in LeRobot.
/// </summary>
public static class Normalization
{
    /// <summary>Encoder steps per turn minus one, LeRobot's degree scale (STS3215 resolution 4096).</summary>
    public const double MaxResolution = 4095;

    /// <summary>Raw ticks → normalized units.</summary>
    /// <exception cref="CalibrationException">range_min equals range_max (an uncalibrated motor).</exception>
    public static double Normalize(int raw, MotorCalibration c, NormMode mode)
    {
        double min = c.RangeMin, max = c.RangeMax;
        CheckRange(c);
        switch (mode)
        {
            case NormMode.RangeM100To100:
            {
                var v = Math.Clamp(raw, min, max);
                var n = (v - min) / (max - min) * 200 - 100;
                return c.DriveMode != 0 ? -n : n;
            }
            case NormMode.Range0To100:
            {
                var v = Math.Clamp(raw, min, max);
                var n = (v - min) / (max - min) * 100;
                return c.DriveMode != 0 ? 100 - n : n;
            }
            default:
                return (raw - (min + max) / 2) * 360 / MaxResolution;
        }
    }

    /// <summary>Normalized units → raw ticks (truncated toward zero).</summary>
    /// <exception cref="CalibrationException">range_min equals range_max.</exception>
    public static int Unnormalize(double value, MotorCalibration c, NormMode mode)
    {
        double min = c.RangeMin, max = c.RangeMax;
        CheckRange(c);
        switch (mode)
        {
            case NormMode.RangeM100To100:
            {
                var x = c.DriveMode != 0 ? -value : value;
                x = Math.Clamp(x, -100, 100);
                return (int)((x + 100) / 200 * (max - min) + min);
            }
            case NormMode.Range0To100:
            {
                var x = c.DriveMode != 0 ? 100 - value : value;
                x = Math.Clamp(x, 0, 100);
                return (int)(x / 100 * (max - min) + min);
            }
            default:
                return (int)(value * MaxResolution / 360 + (min + max) / 2);
        }
    }

    /// <summary>The calibrated range in normalized units, low end first (drive mode may swap the ends).</summary>
    public static (double Low, double High) NormalizedRange(MotorCalibration c, NormMode mode)
    {
        var a = Normalize(c.RangeMin, c, mode);
        var b = Normalize(c.RangeMax, c, mode);
        return (Math.Min(a, b), Math.Max(a, b));
    }

    private static void CheckRange(MotorCalibration c)
    {
        if (c.RangeMin == c.RangeMax)
            throw new CalibrationException($"Motor id {c.Id} has range_min == range_max == {c.RangeMin}: it is not calibrated. Run `fleet calibrate`.");
    }
}
