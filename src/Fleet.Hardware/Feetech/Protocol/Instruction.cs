namespace Fleet.Hardware.Feetech.Protocol;

/// <summary>Feetech SCS/STS instruction codes (protocol 0), the INSTR byte of an instruction packet.</summary>
public enum Instruction : byte
{
    /// <summary>Is the servo there? Unicast or broadcast; answered with an empty status packet.</summary>
    Ping = 0x01,

    /// <summary>Read <c>n</c> bytes from an address: params (addr, n); answered with <c>n</c> data bytes.</summary>
    Read = 0x02,

    /// <summary>Write bytes at an address: params (addr, data…); answered with an empty status packet.</summary>
    Write = 0x03,

    /// <summary>Buffered write, applied on <see cref="Action"/>; answered like <see cref="Write"/>.</summary>
    RegWrite = 0x04,

    /// <summary>Apply buffered <see cref="RegWrite"/>s; no reply when broadcast.</summary>
    Action = 0x05,

    /// <summary>Broadcast read of one register range from many ids: params (addr, n, id…); one status packet per id, in list order.</summary>
    SyncRead = 0x82,

    /// <summary>Broadcast write of one register range to many ids: params (addr, n, (id, data[n])…); never answered.</summary>
    SyncWrite = 0x83,
}
