namespace Fleet.Hardware.Feetech;

/// <summary>
/// The STS3215 control table as LeRobot's <c>STS_SMS_SERIES_CONTROL_TABLE</c> names it (Feetech STS/SMS memory
/// table; see ../shared/research/feetech_so101.md §2), with the sign bits of <c>STS_SMS_SERIES_ENCODINGS_TABLE</c>.
/// Data only. Registers are typed constants so a typo fails at compile time, not on the bus.
/// </summary>
public static class ControlTable
{
    /// <summary>STS3215 model number, read from <see cref="ModelNumber"/>.</summary>
    public const int Sts3215ModelNumber = 777;

    /// <summary>Encoder ticks per turn of the STS3215 (positions 0..4095).</summary>
    public const int Sts3215Resolution = 4096;

#pragma warning disable CS1591 // Register names are the vendor's and LeRobot's; the table above is their documentation.
    public static readonly Register FirmwareMajorVersion = new("Firmware_Major_Version", 0, 1, RegisterArea.Eprom, ReadOnly: true);
    public static readonly Register FirmwareMinorVersion = new("Firmware_Minor_Version", 1, 1, RegisterArea.Eprom, ReadOnly: true);
    public static readonly Register ModelNumber = new("Model_Number", 3, 2, RegisterArea.Eprom, ReadOnly: true);
    public static readonly Register Id = new("ID", 5, 1, RegisterArea.Eprom);
    public static readonly Register BaudRate = new("Baud_Rate", 6, 1, RegisterArea.Eprom);
    public static readonly Register ReturnDelayTime = new("Return_Delay_Time", 7, 1, RegisterArea.Eprom);
    public static readonly Register ResponseStatusLevel = new("Response_Status_Level", 8, 1, RegisterArea.Eprom);
    public static readonly Register MinPositionLimit = new("Min_Position_Limit", 9, 2, RegisterArea.Eprom);
    public static readonly Register MaxPositionLimit = new("Max_Position_Limit", 11, 2, RegisterArea.Eprom);
    public static readonly Register MaxTemperatureLimit = new("Max_Temperature_Limit", 13, 1, RegisterArea.Eprom);
    public static readonly Register MaxVoltageLimit = new("Max_Voltage_Limit", 14, 1, RegisterArea.Eprom);
    public static readonly Register MinVoltageLimit = new("Min_Voltage_Limit", 15, 1, RegisterArea.Eprom);
    public static readonly Register MaxTorqueLimit = new("Max_Torque_Limit", 16, 2, RegisterArea.Eprom);
    public static readonly Register Phase = new("Phase", 18, 1, RegisterArea.Eprom);
    public static readonly Register UnloadingCondition = new("Unloading_Condition", 19, 1, RegisterArea.Eprom);
    public static readonly Register LedAlarmCondition = new("LED_Alarm_Condition", 20, 1, RegisterArea.Eprom);
    public static readonly Register PCoefficient = new("P_Coefficient", 21, 1, RegisterArea.Eprom);
    public static readonly Register DCoefficient = new("D_Coefficient", 22, 1, RegisterArea.Eprom);
    public static readonly Register ICoefficient = new("I_Coefficient", 23, 1, RegisterArea.Eprom);
    public static readonly Register MinimumStartupForce = new("Minimum_Startup_Force", 24, 2, RegisterArea.Eprom);
    public static readonly Register CwDeadZone = new("CW_Dead_Zone", 26, 1, RegisterArea.Eprom);
    public static readonly Register CcwDeadZone = new("CCW_Dead_Zone", 27, 1, RegisterArea.Eprom);
    public static readonly Register ProtectionCurrent = new("Protection_Current", 28, 2, RegisterArea.Eprom);
    public static readonly Register AngularResolution = new("Angular_Resolution", 30, 1, RegisterArea.Eprom);
    public static readonly Register HomingOffset = new("Homing_Offset", 31, 2, RegisterArea.Eprom, SignBit: 11);
    public static readonly Register OperatingMode = new("Operating_Mode", 33, 1, RegisterArea.Eprom);
    public static readonly Register ProtectiveTorque = new("Protective_Torque", 34, 1, RegisterArea.Eprom);
    public static readonly Register ProtectionTime = new("Protection_Time", 35, 1, RegisterArea.Eprom);
    public static readonly Register OverloadTorque = new("Overload_Torque", 36, 1, RegisterArea.Eprom);
    public static readonly Register VelocityClosedLoopP = new("Velocity_closed_loop_P_proportional_coefficient", 37, 1, RegisterArea.Eprom);
    public static readonly Register OverCurrentProtectionTime = new("Over_Current_Protection_Time", 38, 1, RegisterArea.Eprom);
    public static readonly Register VelocityClosedLoopI = new("Velocity_closed_loop_I_integral_coefficient", 39, 1, RegisterArea.Eprom);

    public static readonly Register TorqueEnable = new("Torque_Enable", 40, 1, RegisterArea.Sram);
    public static readonly Register Acceleration = new("Acceleration", 41, 1, RegisterArea.Sram);
    public static readonly Register GoalPosition = new("Goal_Position", 42, 2, RegisterArea.Sram, SignBit: 15);
    public static readonly Register GoalTime = new("Goal_Time", 44, 2, RegisterArea.Sram);
    public static readonly Register GoalVelocity = new("Goal_Velocity", 46, 2, RegisterArea.Sram, SignBit: 15);
    public static readonly Register TorqueLimit = new("Torque_Limit", 48, 2, RegisterArea.Sram);
    public static readonly Register Lock = new("Lock", 55, 1, RegisterArea.Sram);
    public static readonly Register PresentPosition = new("Present_Position", 56, 2, RegisterArea.Sram, ReadOnly: true, SignBit: 15);
    public static readonly Register PresentVelocity = new("Present_Velocity", 58, 2, RegisterArea.Sram, ReadOnly: true, SignBit: 15);
    public static readonly Register PresentLoad = new("Present_Load", 60, 2, RegisterArea.Sram, ReadOnly: true, SignBit: 10);
    public static readonly Register PresentVoltage = new("Present_Voltage", 62, 1, RegisterArea.Sram, ReadOnly: true);
    public static readonly Register PresentTemperature = new("Present_Temperature", 63, 1, RegisterArea.Sram, ReadOnly: true);
    public static readonly Register Status = new("Status", 65, 1, RegisterArea.Sram, ReadOnly: true);
    public static readonly Register Moving = new("Moving", 66, 1, RegisterArea.Sram, ReadOnly: true);
    public static readonly Register PresentCurrent = new("Present_Current", 69, 2, RegisterArea.Sram, ReadOnly: true);
    public static readonly Register GoalPosition2 = new("Goal_Position_2", 71, 2, RegisterArea.Sram, ReadOnly: true);

    public static readonly Register MovingVelocity = new("Moving_Velocity", 80, 1, RegisterArea.Factory);
    public static readonly Register MovingVelocityThreshold = new("Moving_Velocity_Threshold", 80, 1, RegisterArea.Factory);
    public static readonly Register Dts = new("DTs", 81, 1, RegisterArea.Factory);
    public static readonly Register VelocityUnitFactor = new("Velocity_Unit_factor", 82, 1, RegisterArea.Factory);
    public static readonly Register Hts = new("Hts", 83, 1, RegisterArea.Factory);
    public static readonly Register MaximumVelocityLimit = new("Maximum_Velocity_Limit", 84, 1, RegisterArea.Factory);
    public static readonly Register MaximumAcceleration = new("Maximum_Acceleration", 85, 1, RegisterArea.Factory);
    public static readonly Register AccelerationMultiplier = new("Acceleration_Multiplier ", 86, 1, RegisterArea.Factory);
#pragma warning restore CS1591

    /// <summary>Every register, in address order.</summary>
    public static IReadOnlyList<Register> All { get; } =
    [
        FirmwareMajorVersion, FirmwareMinorVersion, ModelNumber, Id, BaudRate, ReturnDelayTime, ResponseStatusLevel,
        MinPositionLimit, MaxPositionLimit, MaxTemperatureLimit, MaxVoltageLimit, MinVoltageLimit, MaxTorqueLimit, Phase,
        UnloadingCondition, LedAlarmCondition, PCoefficient, DCoefficient, ICoefficient, MinimumStartupForce, CwDeadZone,
        CcwDeadZone, ProtectionCurrent, AngularResolution, HomingOffset, OperatingMode, ProtectiveTorque, ProtectionTime,
        OverloadTorque, VelocityClosedLoopP, OverCurrentProtectionTime, VelocityClosedLoopI,
        TorqueEnable, Acceleration, GoalPosition, GoalTime, GoalVelocity, TorqueLimit, Lock, PresentPosition,
        PresentVelocity, PresentLoad, PresentVoltage, PresentTemperature, Status, Moving, PresentCurrent, GoalPosition2,
        MovingVelocity, MovingVelocityThreshold, Dts, VelocityUnitFactor, Hts, MaximumVelocityLimit, MaximumAcceleration,
        AccelerationMultiplier,
    ];

    /// <summary>Looks a register up by its LeRobot name (exact, or ignoring case and surrounding spaces).</summary>
    /// <exception cref="KeyNotFoundException">No such register; the message lists the known names.</exception>
    public static Register ByName(string name)
    {
        foreach (var r in All) if (r.Name == name) return r;
        foreach (var r in All) if (string.Equals(r.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)) return r;
        throw new KeyNotFoundException($"No STS3215 register named '{name}'. Known: {string.Join(", ", All.Select(r => r.Name.Trim()))}.");
    }
}
