namespace Fleet.Hardware.Feetech;

/// <summary>
/// Feetech's sign-magnitude encoding: bit <c>b</c> carries the sign and the low <c>b</c> bits the magnitude
/// (Homing_Offset uses bit 11, positions and velocities bit 15, Present_Load bit 10).
/// </summary>
public static class SignMagnitude
{
    /// <summary>Encodes <paramref name="value"/> with its sign at <paramref name="signBit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">|value| exceeds 2^signBit − 1 (the message gives both, as LeRobot's does).</exception>
    public static int Encode(int value, int signBit)
    {
        var max = (1 << signBit) - 1;
        var magnitude = Math.Abs((long)value);
        if (magnitude > max)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Magnitude {magnitude} exceeds {max} (max for sign_bit_index={signBit}).");
        return value < 0 ? (1 << signBit) | (int)magnitude : value;
    }

    /// <summary>Decodes a raw register value whose sign is at <paramref name="signBit"/>.</summary>
    public static int Decode(int raw, int signBit)
    {
        var magnitude = raw & ((1 << signBit) - 1);
        return (raw & (1 << signBit)) != 0 ? -magnitude : magnitude;
    }
}
