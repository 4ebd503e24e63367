namespace Fleet.Hardware.Feetech;

/// <summary>Where a register lives: EPROM values persist across power cycles (while Lock is 0); SRAM values do not.</summary>
public enum RegisterArea
{
    /// <summary>Persistent configuration, addresses 0..39.</summary>
    Eprom,

    /// <summary>Volatile control and feedback, addresses 40..79.</summary>
    Sram,

    /// <summary>Factory parameters, addresses 80 and up.</summary>
    Factory,
}

/// <summary>
/// One entry of a servo control table: the LeRobot key name, address, size in bytes (1, 2 or 4; little-endian), area,
/// whether the servo refuses writes, and the sign bit for sign-magnitude registers (null for unsigned ones).
/// </summary>
public sealed record Register(string Name, byte Address, byte Size, RegisterArea Area, bool ReadOnly = false, int? SignBit = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} (address {Address}, {Size} byte{(Size == 1 ? "" : "s")})";
}
