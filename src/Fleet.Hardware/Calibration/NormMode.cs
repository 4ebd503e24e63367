namespace Fleet.Hardware.Calibration;

/// <summary>LeRobot's normalization modes for motor positions.</summary>
public enum NormMode
{
    /// <summary>Calibrated range mapped to −100..100 (body joints when degrees are off).</summary>
    RangeM100To100,

    /// <summary>Calibrated range mapped to 0..100 (the gripper).</summary>
    Range0To100,

    /// <summary>Degrees from the middle of the calibrated range (body joints by default since LeRobot 0.4.4).</summary>
    Degrees,
}
