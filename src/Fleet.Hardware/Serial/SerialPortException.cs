namespace Fleet.Hardware.Serial;

/// <summary>
/// A serial port could not be opened or used. <see cref="Error"/> classifies the cause; the message names the port,
/// the errno where there is one, and what the user can do about it.
/// </summary>
public sealed class SerialPortException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/> with a user-facing <paramref name="message"/>.</summary>
    public SerialPortException(SerialPortError error, string path, string message, int errno = 0)
        : base(message)
    {
        Error = error;
        PortPath = path;
        Errno = errno;
    }

    /// <summary>The classified cause.</summary>
    public SerialPortError Error { get; }

    /// <summary>The device path as the caller gave it.</summary>
    public string PortPath { get; }

    /// <summary>The operating-system errno behind the failure, or 0 when there was none.</summary>
    public int Errno { get; }

    /// <summary>Builds the exception that matches an errno from open/tcgetattr/read/write on <paramref name="path"/>.</summary>
    internal static SerialPortException FromErrno(string path, int errno, string operation) => errno switch
    {
        Termios.ENOENT or Termios.ENXIO => new(SerialPortError.NoSuchDevice, path,
            $"Serial port '{path}' does not exist (errno {errno} during {operation}). Check that the arm's USB cable is plugged in " +
            "and the path is right; list candidates with `ls /dev/ttyACM* /dev/ttyUSB*`.", errno),
        Termios.EACCES or Termios.EPERM => new(SerialPortError.PermissionDenied, path,
            $"Permission denied opening serial port '{path}' (errno {errno}). Add your user to the 'dialout' group " +
            "(`sudo usermod -aG dialout $USER`, then log out and in again).", errno),
        Termios.ENOTTY => new(SerialPortError.NotATty, path,
            $"'{path}' is not a serial port: it is not a terminal device (ENOTTY during {operation}). " +
            "Pass the arm's tty, e.g. /dev/ttyACM0.", errno),
        Termios.EBUSY => new(SerialPortError.Busy, path,
            $"Serial port '{path}' is busy: another opener holds it exclusively{PortHolders.Describe(path)}. " +
            "Stop that program (another fleet, lerobot, a serial monitor) or use another port.", errno),
        Termios.EIO => new(SerialPortError.Disconnected, path,
            $"Serial port '{path}' hung up (EIO during {operation}): the device was unplugged or powered off, " +
            "or the simulator serving it stopped. Reconnect it and open the port again.", errno),
        _ => new(SerialPortError.Io, path,
            $"Serial port '{path}': {operation} failed with errno {errno} ({Termios.Describe(errno)}).", errno),
    };
}
