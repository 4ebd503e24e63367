namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>
/// One checksum-valid packet found by <see cref="FrameDecoder"/>: its position in the decoded buffer, id and the
/// INSTR (instruction packet) or ERR (status packet) byte. Parameters are <c>buffer.Slice(ParameterOffset, ParameterCount)</c>.
/// </summary>
/// <param name="Start">Offset of the first FF of the header.</param>
/// <param name="Length">Total bytes, header and checksum included (LEN + 4).</param>
/// <param name="Id">The servo id (or broadcast id for instructions).</param>
/// <param name="Code">INSTR for instruction packets, ERR for status packets.</param>
public readonly record struct Frame(int Start, int Length, byte Id, byte Code)
{
    /// <summary>Offset of the first parameter byte.</summary>
    public int ParameterOffset => Start + 5;

    /// <summary>Number of parameter bytes.</summary>
    public int ParameterCount => Length - 6;

    /// <summary>The ERR byte read as status flags (status packets only).</summary>
    public StatusError Error => (StatusError)Code;
}
