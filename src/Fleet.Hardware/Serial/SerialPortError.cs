namespace Fleet.Hardware.Serial;

/// <summary>Why a serial port operation failed; each value has its own remedy in the exception text.</summary>
public enum SerialPortError
{
    /// <summary>The path does not exist (ENOENT/ENXIO): the device is unplugged or the path is wrong.</summary>
    NoSuchDevice,

    /// <summary>The process may not open the device (EACCES/EPERM): add the user to the <c>dialout</c> group.</summary>
    PermissionDenied,

    /// <summary>The path exists but is not a terminal device (ENOTTY).</summary>
    NotATty,

    /// <summary>Another opener holds the port (exclusive lock or TIOCEXCL).</summary>
    Busy,

    /// <summary>The device went away while open (hang-up or EIO): unplugged, powered off, or the simulator stopped.</summary>
    Disconnected,

    /// <summary>The requested baud rate cannot be set on this device.</summary>
    UnsupportedBaudRate,

    /// <summary>Any other operating-system error; the text carries errno and its description.</summary>
    Io,
}
