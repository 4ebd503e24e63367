namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>
/// The ERR byte of a status packet (same bits as the Status register, address 65). Zero means healthy.
/// </summary>
[Flags]
public enum StatusError : byte
{
    /// <summary>No condition reported.</summary>
    None = 0,

    /// <summary>Input voltage outside the servo's limits (e.g. a 7.4 V servo on a 12 V supply).</summary>
    Voltage = 0x01,

    /// <summary>The magnetic angle sensor failed.</summary>
    AngleSensor = 0x02,

    /// <summary>Temperature above Max_Temperature_Limit.</summary>
    Overheat = 0x04,

    /// <summary>Current above Protection_Current.</summary>
    OverCurrent = 0x08,

    /// <summary>Bit 4, unnamed by the vendor SDK.</summary>
    Bit4 = 0x10,

    /// <summary>Load above Overload_Torque for Protection_Time (e.g. a stalled gripper); the servo drops torque.</summary>
    Overload = 0x20,
}

/// <summary>Human-readable forms of <see cref="StatusError"/>.</summary>
public static class StatusErrorText
{
    /// <summary>Every set condition, e.g. "overload, overheat", or "none".</summary>
    public static string Describe(StatusError error)
    {
        if (error == StatusError.None) return "none";
        var parts = new List<string>(6);
        if (error.HasFlag(StatusError.Voltage)) parts.Add("input voltage error");
        if (error.HasFlag(StatusError.AngleSensor)) parts.Add("angle sensor error");
        if (error.HasFlag(StatusError.Overheat)) parts.Add("overheat");
        if (error.HasFlag(StatusError.OverCurrent)) parts.Add("over-current");
        if (error.HasFlag(StatusError.Bit4)) parts.Add("error bit 4");
        if (error.HasFlag(StatusError.Overload)) parts.Add("overload");
        var unknown = (byte)error & 0xC0;
        if (unknown != 0) parts.Add($"unknown bits 0x{unknown:X2}");
        return string.Join(", ", parts);
    }
}
