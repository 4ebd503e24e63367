namespace Fleet.Hardware.Serial;

/// <summary>
/// INTERNAL API. Maps a baud rate in bits per second to Linux's <c>B…</c> speed constant. Rates without a constant
/// (14 400, 128 000, 250 000: in LeRobot's scan list) are set through termios2 with BOTHER instead.
/// </summary>
internal static class BaudConstants
{
    public static bool TryGet(int baud, out uint constant)
    {
        constant = baud switch
        {
            1200 => 9,
            2400 => 11,
            4800 => 12,
            9600 => 13,
            19200 => 14,
            38400 => 15,
            57600 => 0x1001,
            115200 => 0x1002,
            230400 => 0x1003,
            460800 => 0x1004,
            500000 => 0x1005,
            576000 => 0x1006,
            921600 => 0x1007,
            1000000 => 0x1008,
            1152000 => 0x1009,
            1500000 => 0x100A,
            2000000 => 0x100B,
            _ => 0,
        };
        return constant != 0;
    }
}
