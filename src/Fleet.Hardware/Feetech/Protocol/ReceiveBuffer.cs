namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>
/// A reusable byte window between reads and <see cref="FrameDecoder"/>: bytes are appended at the end and consumed
/// from the front; the window compacts itself instead of allocating. Counts what it had to skip, by reason.
/// </summary>
public sealed class ReceiveBuffer
{
    private readonly byte[] _bytes;
    private int _start;
    private int _end;

    /// <summary>Creates a window of <paramref name="capacity"/> bytes (at least two maximal packets).</summary>
    public ReceiveBuffer(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2 * InstructionPacket.MaxPacketLength);
        _bytes = new byte[capacity];
    }

    /// <summary>Bytes waiting to be decoded.</summary>
    public ReadOnlySpan<byte> Pending => _bytes.AsSpan(_start, _end - _start);

    /// <summary>Number of bytes waiting.</summary>
    public int Count => _end - _start;

    /// <summary>The last reason bytes were skipped since <see cref="Clear"/>, <see cref="SkipReason.None"/> if none.</summary>
    public SkipReason LastSkip { get; private set; }

    /// <summary>Total bytes skipped since <see cref="Clear"/> or <see cref="ResetCounters"/>.</summary>
    public int SkippedBytes { get; private set; }

    /// <summary>Candidate packets rejected for a bad checksum since <see cref="Clear"/> or <see cref="ResetCounters"/>.</summary>
    public int BadChecksums { get; private set; }

    /// <summary>Zeroes <see cref="SkippedBytes"/>, <see cref="BadChecksums"/> and <see cref="LastSkip"/>, keeping pending bytes.</summary>
    public void ResetCounters()
    {
        LastSkip = SkipReason.None;
        SkippedBytes = 0;
        BadChecksums = 0;
    }

    /// <summary>Free space to read into; call <see cref="Commit"/> with the count read. Compacts first if needed.</summary>
    public Span<byte> FreeSpace()
    {
        if (_start > 0 && _end > _bytes.Length / 2)
        {
            Pending.CopyTo(_bytes);
            _end -= _start;
            _start = 0;
        }
        if (_end == _bytes.Length)
        {
            // Full of undecodable bytes: drop the oldest half rather than stall.
            Consume(_bytes.Length / 2);
            return FreeSpace();
        }
        return _bytes.AsSpan(_end);
    }

    /// <summary>Marks <paramref name="count"/> bytes of <see cref="FreeSpace"/> as received.</summary>
    public void Commit(int count) => _end += count;

    /// <summary>Appends bytes (used by the simulator and tests).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var free = FreeSpace();
            var n = Math.Min(free.Length, data.Length);
            data[..n].CopyTo(free);
            Commit(n);
            data = data[n..];
        }
    }

    /// <summary>
    /// Decodes the next frame, skipping (and counting) noise on the way. Returns false when more bytes are needed.
    /// The frame's offsets are relative to <see cref="Pending"/>; call <see cref="Consume"/> with its length after use.
    /// </summary>
    public bool TryNext(PacketKind kind, bool endOfStream, out Frame frame)
    {
        while (true)
        {
            var step = FrameDecoder.Decode(Pending, kind, endOfStream, out frame, out var skip, out var reason);
            if (step == DecodeStep.Frame) return true;
            if (step == DecodeStep.NeedMore) return false;
            LastSkip = reason;
            SkippedBytes += skip;
            if (reason == SkipReason.BadChecksum) BadChecksums++;
            Consume(skip);
        }
    }

    /// <summary>Drops <paramref name="count"/> bytes from the front.</summary>
    public void Consume(int count)
    {
        _start += Math.Min(count, Count);
        if (_start == _end) _start = _end = 0;
    }

    /// <summary>Forgets every pending byte and the skip counters.</summary>
    public void Clear()
    {
        _start = _end = 0;
        ResetCounters();
    }
}
