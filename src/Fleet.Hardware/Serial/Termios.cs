using System.Runtime.InteropServices;

namespace Fleet.Hardware.Serial;

/// <summary>
/// INTERNAL API. P/Invoke declarations for the libc calls behind <see cref="SerialPort"/> and
/// <see cref="PseudoTerminal"/>, with the Linux (glibc, x86-64 and arm64) constants they need. No logic lives here.
/// </summary>
internal static unsafe partial class Termios
{
    private const string Libc = "libc";

    // open(2) flags.
    internal const int O_RDWR = 0x2;
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    // errno values.
    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int ENXIO = 6;
    internal const int ENOENT = 2;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int ENOTTY = 25;
    internal const int EPERM = 1;

    // termios c_cflag bits and c_cc indexes.
    internal const uint CSIZE = 0x30;
    internal const uint CS8 = 0x30;
    internal const uint CSTOPB = 0x40;
    internal const uint CREAD = 0x80;
    internal const uint PARENB = 0x100;
    internal const uint CLOCAL = 0x800;
    internal const uint CRTSCTS = 0x80000000;
    internal const uint CBAUD = 0x100F;
    internal const uint BOTHER = 0x1000;
    internal const int VTIME = 5;
    internal const int VMIN = 6;

    internal const int TCSANOW = 0;
    internal const int TCIFLUSH = 0;
    internal const int TCOFLUSH = 1;
    internal const int TCIOFLUSH = 2;

    // ioctl requests.
    internal const ulong TIOCEXCL = 0x540C;
    internal const ulong TCGETS2 = 0x802C542A;
    internal const ulong TCSETS2 = 0x402C542B;

    // flock(2).
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;
    internal const int LOCK_UN = 8;

    // poll(2) events.
    internal const short POLLIN = 0x1;
    internal const short POLLOUT = 0x4;
    internal const short POLLERR = 0x8;
    internal const short POLLHUP = 0x10;
    internal const short POLLNVAL = 0x20;

    /// <summary>glibc's <c>struct termios</c> (60 bytes on Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TermiosStruct
    {
        public uint c_iflag;
        public uint c_oflag;
        public uint c_cflag;
        public uint c_lflag;
        public byte c_line;
        public fixed byte c_cc[32];
        public uint c_ispeed;
        public uint c_ospeed;
    }

    /// <summary>The kernel's <c>struct termios2</c> (44 bytes), used for baud rates without a B constant.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Termios2Struct
    {
        public uint c_iflag;
        public uint c_oflag;
        public uint c_cflag;
        public uint c_lflag;
        public byte c_line;
        public fixed byte c_cc[19];
        public uint c_ispeed;
        public uint c_ospeed;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long tv_sec;
        public long tv_nsec;
    }

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Libc, EntryPoint = "ppoll", SetLastError = true)]
    internal static partial int PPoll(PollFd* fds, nuint count, TimeSpec* timeout, void* sigmask);

    [LibraryImport(Libc, EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int TcGetAttr(int fd, TermiosStruct* termios);

    [LibraryImport(Libc, EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int TcSetAttr(int fd, int optionalActions, TermiosStruct* termios);

    [LibraryImport(Libc, EntryPoint = "cfmakeraw")]
    internal static partial void CfMakeRaw(TermiosStruct* termios);

    [LibraryImport(Libc, EntryPoint = "cfsetispeed", SetLastError = true)]
    internal static partial int CfSetISpeed(TermiosStruct* termios, uint speed);

    [LibraryImport(Libc, EntryPoint = "cfsetospeed", SetLastError = true)]
    internal static partial int CfSetOSpeed(TermiosStruct* termios, uint speed);

    [LibraryImport(Libc, EntryPoint = "cfgetospeed")]
    internal static partial uint CfGetOSpeed(TermiosStruct* termios);

    [LibraryImport(Libc, EntryPoint = "tcflush", SetLastError = true)]
    internal static partial int TcFlush(int fd, int queueSelector);

    [LibraryImport(Libc, EntryPoint = "tcdrain", SetLastError = true)]
    internal static partial int TcDrain(int fd);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, ulong request);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, ulong request, void* argument);

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);

    [LibraryImport(Libc, EntryPoint = "isatty")]
    internal static partial int IsATty(int fd);

    [LibraryImport(Libc, EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenPt(int flags);

    [LibraryImport(Libc, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int GrantPt(int fd);

    [LibraryImport(Libc, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int UnlockPt(int fd);

    [LibraryImport(Libc, EntryPoint = "ptsname_r", SetLastError = true)]
    internal static partial int PtsNameR(int fd, byte* buffer, nuint length);

    [LibraryImport(Libc, EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int Pipe2(int* fds, int flags);

    /// <summary>The errno of the last failed call above.</summary>
    internal static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>The C library's text for an errno value.</summary>
    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
