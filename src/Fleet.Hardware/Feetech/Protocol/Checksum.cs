namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>The packet checksum: bitwise NOT of the 8-bit sum of every byte from ID through the last parameter.</summary>
public static class Checksum
{
    /// <summary>Checksum of <paramref name="idThroughParameters"/> (the packet without its FF FF header and checksum byte).</summary>
    public static byte Compute(ReadOnlySpan<byte> idThroughParameters)
    {
        uint sum = 0;
        foreach (var b in idThroughParameters) sum += b;
        return (byte)~sum;
    }
}
