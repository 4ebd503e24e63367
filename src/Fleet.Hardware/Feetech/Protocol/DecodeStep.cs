namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>What one call of <see cref="FrameDecoder.Decode"/> found at the front of the buffer.</summary>
public enum DecodeStep
{
    /// <summary>A checksum-valid packet; consume <see cref="Frame.Start"/> + <see cref="Frame.Length"/> bytes.</summary>
    Frame,

    /// <summary>The front bytes cannot start a packet; consume the reported count (always at least 1) and decode again.</summary>
    Skip,

    /// <summary>The buffer ends inside a possible packet: read more bytes (or decode with end-of-stream to give up on it).</summary>
    NeedMore,
}

/// <summary>Why <see cref="FrameDecoder"/> skipped bytes: the reports a bus turns into "incorrect status packet" errors.</summary>
public enum SkipReason
{
    /// <summary>Nothing skipped.</summary>
    None,

    /// <summary>Bytes before any FF FF header (line noise, a partial earlier packet).</summary>
    Noise,

    /// <summary>An id that no packet of this kind may carry (status: above 0xFD).</summary>
    BadId,

    /// <summary>LEN below 2 or beyond the 250-byte packet limit.</summary>
    ImpossibleLength,

    /// <summary>The checksum did not match; the packet was corrupted on the wire.</summary>
    BadChecksum,

    /// <summary>A status ERR byte above 0x7F, which no servo sends.</summary>
    BadErrorByte,

    /// <summary>The stream ended inside a packet.</summary>
    Truncated,
}
