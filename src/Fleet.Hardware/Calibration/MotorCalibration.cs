namespace Fleet.Hardware.Calibration;

/// <summary>
/// One motor's entry of a LeRobot calibration file: bus id, drive mode (0 normal, 1 inverted), the Homing_Offset written
/// to the servo, and the raw range of motion recorded during calibration.
/// </summary>
public sealed record MotorCalibration(int Id, int DriveMode, int HomingOffset, int RangeMin, int RangeMax);
