namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>
/// Encoder for status (reply) packets <c>FF FF | ID | LEN | ERR | P1..Pn | CHK</c>, the servo side of the protocol
/// (used by the simulator). Decoding goes through <see cref="FrameDecoder"/>.
/// </summary>
public static class StatusPacket
{
    /// <summary>Bytes on the wire for a reply carrying <paramref name="dataLength"/> data bytes.</summary>
    public static int SizeFor(int dataLength) => dataLength + 6;

    /// <summary>Writes a reply from <paramref name="id"/> with <paramref name="error"/> and <paramref name="data"/>; returns its length.</summary>
    public static int Encode(Span<byte> destination, byte id, StatusError error, ReadOnlySpan<byte> data)
    {
        var size = SizeFor(data.Length);
        if (size > InstructionPacket.MaxPacketLength)
            throw new ArgumentException($"Status packet of {size} bytes exceeds {InstructionPacket.MaxPacketLength}.", nameof(data));
        destination[0] = 0xFF;
        destination[1] = 0xFF;
        destination[2] = id;
        destination[3] = (byte)(data.Length + 2);
        destination[4] = (byte)error;
        data.CopyTo(destination[5..]);
        destination[size - 1] = Checksum.Compute(destination[2..(size - 1)]);
        return size;
    }
}
