namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>
/// Encoders for instruction packets <c>FF FF | ID | LEN | INSTR | P1..Pn | CHK</c> with LEN = n + 2. Each writes into a
/// caller-supplied span (no allocation on the servo tick) and returns the number of bytes written.
/// </summary>
public static class InstructionPacket
{
    /// <summary>The broadcast id: every servo executes the instruction; only PING is answered.</summary>
    public const byte BroadcastId = 0xFE;

    /// <summary>Largest packet the vendor SDK sends or accepts, in bytes.</summary>
    public const int MaxPacketLength = 250;

    /// <summary>Bytes on the wire for a packet with <paramref name="parameterCount"/> parameters.</summary>
    public static int SizeFor(int parameterCount) => parameterCount + 6;

    /// <summary>Writes a packet with arbitrary parameters.</summary>
    /// <exception cref="ArgumentException">The packet would exceed <see cref="MaxPacketLength"/> or <paramref name="destination"/> is too small.</exception>
    public static int Encode(Span<byte> destination, byte id, Instruction instruction, ReadOnlySpan<byte> parameters)
    {
        var size = Begin(destination, id, instruction, parameters.Length);
        parameters.CopyTo(destination[5..]);
        return Finish(destination, size);
    }

    /// <summary>PING <paramref name="id"/> (<c>FF FF 01 02 01 FB</c> for id 1).</summary>
    public static int EncodePing(Span<byte> destination, byte id) => Encode(destination, id, Instruction.Ping, default);

    /// <summary>READ <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    public static int EncodeRead(Span<byte> destination, byte id, byte address, byte length)
    {
        Span<byte> p = [address, length];
        return Encode(destination, id, Instruction.Read, p);
    }

    /// <summary>WRITE <paramref name="data"/> at <paramref name="address"/>.</summary>
    public static int EncodeWrite(Span<byte> destination, byte id, byte address, ReadOnlySpan<byte> data)
    {
        var size = Begin(destination, id, Instruction.Write, data.Length + 1);
        destination[5] = address;
        data.CopyTo(destination[6..]);
        return Finish(destination, size);
    }

    /// <summary>REG_WRITE <paramref name="data"/> at <paramref name="address"/>: buffered by the servo until <see cref="EncodeAction"/>.</summary>
    public static int EncodeRegWrite(Span<byte> destination, byte id, byte address, ReadOnlySpan<byte> data)
    {
        var size = Begin(destination, id, Instruction.RegWrite, data.Length + 1);
        destination[5] = address;
        data.CopyTo(destination[6..]);
        return Finish(destination, size);
    }

    /// <summary>ACTION: apply buffered REG_WRITEs (usually to the broadcast id, so all servos move together).</summary>
    public static int EncodeAction(Span<byte> destination, byte id) => Encode(destination, id, Instruction.Action, default);

    /// <summary>SYNC_READ <paramref name="length"/> bytes at <paramref name="address"/> from each of <paramref name="ids"/>, to the broadcast id.</summary>
    public static int EncodeSyncRead(Span<byte> destination, byte address, byte length, ReadOnlySpan<byte> ids)
    {
        var size = Begin(destination, BroadcastId, Instruction.SyncRead, ids.Length + 2);
        destination[5] = address;
        destination[6] = length;
        ids.CopyTo(destination[7..]);
        return Finish(destination, size);
    }

    /// <summary>
    /// SYNC_WRITE: <paramref name="data"/> holds <paramref name="length"/> bytes per id, in the order of <paramref name="ids"/>.
    /// </summary>
    public static int EncodeSyncWrite(Span<byte> destination, byte address, byte length, ReadOnlySpan<byte> ids, ReadOnlySpan<byte> data)
    {
        if (data.Length != ids.Length * length)
            throw new ArgumentException($"SYNC_WRITE needs {length} data bytes per id: {ids.Length} ids but {data.Length} bytes.", nameof(data));
        var size = Begin(destination, BroadcastId, Instruction.SyncWrite, ids.Length * (length + 1) + 2);
        destination[5] = address;
        destination[6] = length;
        var at = 7;
        for (var i = 0; i < ids.Length; i++)
        {
            destination[at++] = ids[i];
            data.Slice(i * length, length).CopyTo(destination[at..]);
            at += length;
        }
        return Finish(destination, size);
    }

    private static int Begin(Span<byte> destination, byte id, Instruction instruction, int parameterCount)
    {
        var size = SizeFor(parameterCount);
        if (size > MaxPacketLength)
            throw new ArgumentException($"Instruction {instruction} to id {id} would be {size} bytes; the protocol allows at most {MaxPacketLength}.");
        if (destination.Length < size)
            throw new ArgumentException($"Buffer of {destination.Length} bytes cannot hold a {size}-byte {instruction} packet.", nameof(destination));
        destination[0] = 0xFF;
        destination[1] = 0xFF;
        destination[2] = id;
        destination[3] = (byte)(parameterCount + 2);
        destination[4] = (byte)instruction;
        return size;
    }

    private static int Finish(Span<byte> destination, int size)
    {
        destination[size - 1] = Checksum.Compute(destination[2..(size - 1)]);
        return size;
    }
}
