using System.Text;

namespace Fleet.Hardware.Serial;

/// <summary>
/// A pseudo-terminal pair (posix_openpt/grantpt/unlockpt/ptsname) in raw mode: this object serves the master side,
/// and code under test opens <see cref="SlavePath"/> with the same <see cref="SerialPort"/> class real hardware uses.
/// </summary>
/// <remarks>
/// The pair keeps its own descriptor on the slave so the master does not report a hang-up while no client has the
/// port open (a client may close and reopen it, as a baud scan does). Disposing closes both: a client still holding
/// the slave then sees <see cref="SerialPortError.Disconnected"/>, just as when a USB adapter is unplugged.
/// </remarks>
public sealed unsafe class PseudoTerminal : IDisposable
{
    private int _master;
    private int _slaveKeeper;

    private PseudoTerminal(int master, int slaveKeeper, string slavePath)
    {
        _master = master;
        _slaveKeeper = slaveKeeper;
        SlavePath = slavePath;
    }

    /// <summary>The device path clients open, e.g. <c>/dev/pts/5</c>.</summary>
    public string SlavePath { get; }

    /// <summary>INTERNAL API. The non-blocking master descriptor, for poll loops.</summary>
    internal int MasterFd => Volatile.Read(ref _master);

    /// <summary>Creates a new pair in raw 8N1 mode at 1,000,000 baud.</summary>
    /// <exception cref="SerialPortException">The system has no free pseudo-terminals or refused one.</exception>
    public static PseudoTerminal Create()
    {
        const string what = "/dev/ptmx";
        var master = Termios.PosixOpenPt(Termios.O_RDWR | Termios.O_NOCTTY | Termios.O_NONBLOCK | Termios.O_CLOEXEC);
        if (master < 0) throw SerialPortException.FromErrno(what, Termios.LastErrno, "posix_openpt");
        try
        {
            if (Termios.GrantPt(master) != 0) throw SerialPortException.FromErrno(what, Termios.LastErrno, "grantpt");
            if (Termios.UnlockPt(master) != 0) throw SerialPortException.FromErrno(what, Termios.LastErrno, "unlockpt");
            var name = stackalloc byte[128];
            if (Termios.PtsNameR(master, name, 128) != 0) throw SerialPortException.FromErrno(what, Termios.LastErrno, "ptsname_r");
            var path = Encoding.UTF8.GetString(new ReadOnlySpan<byte>(name, 128)[..IndexOfNul(name, 128)]);
            var slave = Termios.Open(path, Termios.O_RDWR | Termios.O_NOCTTY | Termios.O_NONBLOCK | Termios.O_CLOEXEC);
            if (slave < 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "open");
            MakeRaw(slave, path);
            MakeRaw(master, path);
            return new PseudoTerminal(master, slave, path);
        }
        catch
        {
            Termios.Close(master);
            throw;
        }
    }

    /// <summary>The line speed the client last configured on the slave, in bits per second (0 if unknown).</summary>
    public int ClientBaudRate
    {
        get
        {
            var fd = Volatile.Read(ref _slaveKeeper);
            return fd < 0 ? 0 : SerialPort.ReadLineSpeed(fd);
        }
    }

    /// <summary>INTERNAL API. Reads what the client wrote; 0 when nothing is waiting, -1 when closed.</summary>
    internal int ReadMaster(Span<byte> buffer)
    {
        var fd = MasterFd;
        if (fd < 0) return -1;
        fixed (byte* p = buffer)
        {
            var n = Termios.Read(fd, p, buffer.Length);
            if (n >= 0) return (int)n;
            var errno = Termios.LastErrno;
            return errno is Termios.EAGAIN or Termios.EINTR ? 0 : -1;
        }
    }

    /// <summary>INTERNAL API. Writes toward the client without blocking; returns bytes taken (0 when the buffer is full, -1 when closed).</summary>
    internal int WriteMaster(ReadOnlySpan<byte> data)
    {
        var fd = MasterFd;
        if (fd < 0) return -1;
        fixed (byte* p = data)
        {
            var n = Termios.Write(fd, p, data.Length);
            if (n >= 0) return (int)n;
            var errno = Termios.LastErrno;
            return errno is Termios.EAGAIN or Termios.EINTR ? 0 : -1;
        }
    }

    /// <summary>Closes both sides; a client holding the slave sees a hang-up. Idempotent.</summary>
    public void Dispose()
    {
        var master = Interlocked.Exchange(ref _master, -1);
        var slave = Interlocked.Exchange(ref _slaveKeeper, -1);
        if (slave >= 0) Termios.Close(slave);
        if (master >= 0) Termios.Close(master);
    }

    private static void MakeRaw(int fd, string path)
    {
        Termios.TermiosStruct t;
        if (Termios.TcGetAttr(fd, &t) != 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "tcgetattr");
        Termios.CfMakeRaw(&t);
        t.c_cflag |= Termios.CLOCAL | Termios.CREAD;
        t.c_cc[Termios.VMIN] = 0;
        t.c_cc[Termios.VTIME] = 0;
        Termios.CfSetISpeed(&t, 0x1008);
        Termios.CfSetOSpeed(&t, 0x1008);
        if (Termios.TcSetAttr(fd, Termios.TCSANOW, &t) != 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "tcsetattr");
    }

    private static int IndexOfNul(byte* s, int max)
    {
        for (var i = 0; i < max; i++) if (s[i] == 0) return i;
        return max;
    }
}
