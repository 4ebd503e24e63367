namespace Fleet.Hardware.Calibration;

/// <summary>
/// A calibration cannot be used or completed: a motor's range is empty (it never moved during recording, or the file
/// says range_min == range_max). The message names the motors and what to do.
/// </summary>
public sealed class CalibrationException : InvalidOperationException
{
    /// <summary>Creates the exception with its user-facing message.</summary>
    public CalibrationException(string message) : base(message) { }
}
