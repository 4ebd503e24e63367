namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>
/// Finds packets in a byte stream and resynchronises on anything else. A pure function of the buffer: it never throws
/// on bad bytes, never loops, and every call either returns a frame, skips at least one byte, or asks for more data,
/// so a caller's loop always makes progress.
/// </summary>
/// <remarks>
/// Rejection follows the vendor SDK: a candidate header whose id, length, error byte or checksum is impossible is
/// dropped one byte at a time (not as a whole), so a genuine packet that starts inside a corrupted one is still found.
/// </remarks>
public static class FrameDecoder
{
    /// <summary>Smallest packet: FF FF ID LEN CODE CHK.</summary>
    public const int MinPacketLength = 6;

    /// <summary>Decodes the front of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Bytes received and not yet consumed.</param>
    /// <param name="kind">Whether status (servo → host) or instruction (host → servo) packets are expected.</param>
    /// <param name="endOfStream">True when no more bytes will come: an incomplete packet is then skipped as <see cref="SkipReason.Truncated"/> instead of <see cref="DecodeStep.NeedMore"/>.</param>
    /// <param name="frame">The packet when the result is <see cref="DecodeStep.Frame"/>.</param>
    /// <param name="skip">Bytes to drop when the result is <see cref="DecodeStep.Skip"/>.</param>
    /// <param name="reason">Why they are dropped.</param>
    public static DecodeStep Decode(ReadOnlySpan<byte> buffer, PacketKind kind, bool endOfStream,
        out Frame frame, out int skip, out SkipReason reason)
    {
        frame = default;
        skip = 0;
        reason = SkipReason.None;
        var header = buffer.IndexOf((ReadOnlySpan<byte>)[0xFF, 0xFF]);
        if (header < 0)
        {
            // Keep a trailing FF: it may be the first half of a header still in flight.
            var keep = !endOfStream && buffer.Length > 0 && buffer[^1] == 0xFF ? 1 : 0;
            return SkipOrWait(buffer.Length - keep, SkipReason.Noise, out skip, out reason);
        }
        if (header > 0) return SkipOrWait(header, SkipReason.Noise, out skip, out reason);
        if (buffer.Length < 4) return Incomplete(buffer.Length, endOfStream, out skip, out reason);

        var id = buffer[2];
        var len = buffer[3];
        if (id == 0xFF || (kind == PacketKind.Status && id > 0xFD)) return SkipOne(SkipReason.BadId, out skip, out reason);
        if (len < 2 || len + 4 > InstructionPacket.MaxPacketLength) return SkipOne(SkipReason.ImpossibleLength, out skip, out reason);
        var total = len + 4;
        if (buffer.Length < total) return Incomplete(buffer.Length, endOfStream, out skip, out reason);
        if (kind == PacketKind.Status && buffer[4] > 0x7F) return SkipOne(SkipReason.BadErrorByte, out skip, out reason);
        if (Checksum.Compute(buffer[2..(total - 1)]) != buffer[total - 1]) return SkipOne(SkipReason.BadChecksum, out skip, out reason);

        frame = new Frame(0, total, id, buffer[4]);
        return DecodeStep.Frame;
    }

    private static DecodeStep SkipOrWait(int count, SkipReason why, out int skip, out SkipReason reason)
    {
        skip = count;
        reason = count > 0 ? why : SkipReason.None;
        return count > 0 ? DecodeStep.Skip : DecodeStep.NeedMore;
    }

    private static DecodeStep SkipOne(SkipReason why, out int skip, out SkipReason reason)
    {
        skip = 1;
        reason = why;
        return DecodeStep.Skip;
    }

    private static DecodeStep Incomplete(int available, bool endOfStream, out int skip, out SkipReason reason)
    {
        if (!endOfStream || available == 0)
        {
            skip = 0;
            reason = SkipReason.None;
            return DecodeStep.NeedMore;
        }
        return SkipOne(SkipReason.Truncated, out skip, out reason);
    }
}

/// <summary>Which direction's packets a decoder expects.</summary>
public enum PacketKind
{
    /// <summary>Status packets from servos: ids 0..0xFD, ERR at most 0x7F.</summary>
    Status,

    /// <summary>Instruction packets from the host: ids 0..0xFE (broadcast included).</summary>
    Instruction,
}
