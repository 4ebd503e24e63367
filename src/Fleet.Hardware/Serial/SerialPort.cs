using System.Diagnostics;

namespace Fleet.Hardware.Serial;

/// <summary>
/// A serial device opened by path in raw 8N1 mode through termios, as the Feetech bus needs it.
/// </summary>
/// <remarks>
/// <para>Exclusive: the port is locked with <c>flock</c> and <c>TIOCEXCL</c>, so a second opener (in this or any other
/// process) gets <see cref="SerialPortError.Busy"/> naming the holder where <c>/proc</c> shows it.</para>
/// <para>Reads never block past their deadline: the descriptor is non-blocking and waits are <c>poll(2)</c> calls
/// in slices of at most <see cref="CancellationSlice"/>, so a cancellation is seen within that slice. The wait
/// occupies the calling thread (a kernel sleep, not a spin): a bus transaction lasts at most its ~50 ms deadline
/// and the servo tick that owns the bus has nothing else to do meanwhile; one wake-up per reply keeps the host
/// overhead per cycle low.</para>
/// <para>Not thread-safe: one owner at a time, as on a real half-duplex bus. <see cref="Dispose"/> unlocks and
/// closes; it is idempotent.</para>
/// </remarks>
public sealed unsafe class SerialPort : IDisposable
{
    /// <summary>Longest single poll(2) wait, so that cancellation is noticed promptly.</summary>
    public static readonly TimeSpan CancellationSlice = TimeSpan.FromMilliseconds(20);

    private int _fd;

    private SerialPort(string path, int fd, int baudRate)
    {
        PortPath = path;
        _fd = fd;
        BaudRate = baudRate;
    }

    /// <summary>The device path the port was opened with.</summary>
    public string PortPath { get; }

    /// <summary>The current line speed in bits per second.</summary>
    public int BaudRate { get; private set; }

    /// <summary>True until <see cref="Dispose"/>.</summary>
    public bool IsOpen => Volatile.Read(ref _fd) >= 0;

    /// <summary>
    /// Opens <paramref name="path"/> exclusively at <paramref name="baudRate"/>, raw 8N1, no flow control, and
    /// discards whatever was waiting in the input buffer.
    /// </summary>
    /// <exception cref="SerialPortException">No such device, permission denied, not a tty, busy, or an unsupported baud rate.</exception>
    public static SerialPort Open(string path, int baudRate = 1_000_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = Termios.Open(path, Termios.O_RDWR | Termios.O_NOCTTY | Termios.O_NONBLOCK | Termios.O_CLOEXEC);
        if (fd < 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "open");
        try
        {
            if (Termios.IsATty(fd) == 0) throw SerialPortException.FromErrno(path, Termios.ENOTTY, "isatty");
            if (Termios.Flock(fd, Termios.LOCK_EX | Termios.LOCK_NB) != 0)
                throw SerialPortException.FromErrno(path, Termios.EBUSY, "flock");
            if (Termios.Ioctl(fd, Termios.TIOCEXCL) != 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "TIOCEXCL");
            ConfigureRaw(fd, path, baudRate);
            Termios.TcFlush(fd, Termios.TCIOFLUSH);
            return new SerialPort(path, fd, baudRate);
        }
        catch
        {
            Termios.Close(fd);
            throw;
        }
    }

    /// <summary>Changes the line speed (used by baud-rate scans); pending input is discarded.</summary>
    /// <exception cref="SerialPortException">The rate cannot be set on this device.</exception>
    public void SetBaudRate(int baudRate)
    {
        var fd = CheckedFd();
        ConfigureRaw(fd, PortPath, baudRate);
        Termios.TcFlush(fd, Termios.TCIOFLUSH);
        BaudRate = baudRate;
    }

    /// <summary>Drops every byte received but not yet read (tcflush TCIFLUSH), e.g. stale replies before a new request.</summary>
    public void DiscardInput()
    {
        if (Termios.TcFlush(CheckedFd(), Termios.TCIFLUSH) != 0) throw SerialPortException.FromErrno(PortPath, Termios.LastErrno, "tcflush");
    }

    /// <summary>Writes all of <paramref name="data"/>, waiting for buffer space with poll(2) when the device is full.</summary>
    /// <exception cref="SerialPortException">The device hung up or the write failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting for space.</exception>
    public void Write(ReadOnlySpan<byte> data, CancellationToken cancellationToken = default)
    {
        var fd = CheckedFd();
        fixed (byte* start = data)
        {
            var written = 0;
            while (written < data.Length)
            {
                var n = Termios.Write(fd, start + written, data.Length - written);
                if (n > 0) { written += (int)n; continue; }
                var errno = Termios.LastErrno;
                if (n < 0 && errno == Termios.EINTR) continue;
                if (n < 0 && errno != Termios.EAGAIN) throw SerialPortException.FromErrno(PortPath, errno, "write");
                cancellationToken.ThrowIfCancellationRequested();
                WaitFor(fd, Termios.POLLOUT, (int)CancellationSlice.TotalMilliseconds);
            }
        }
    }

    /// <summary>Asynchronous form of <see cref="Write"/>; completes once every byte is in the device's buffer.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Write(data.Span, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Reads whatever is available into <paramref name="buffer"/>, waiting until at least one byte arrives or the
    /// <see cref="Stopwatch"/> timestamp <paramref name="deadline"/> passes. Returns the number of bytes read, 0 on
    /// deadline. Never blocks past the deadline (plus scheduling noise).
    /// </summary>
    /// <exception cref="SerialPortException">The device hung up or the read failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public int Read(Span<byte> buffer, long deadline, CancellationToken cancellationToken = default)
    {
        var fd = CheckedFd();
        var hungUp = false;
        while (true)
        {
            var n = TryReadNow(fd, buffer);
            if (n > 0) return n;
            // A hung-up tty polls readable but reads nothing: that is the end of the device, not a quiet line.
            if (hungUp) throw SerialPortException.FromErrno(PortPath, Termios.EIO, "read (hang-up)");
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero) return 0;
            var waitMs = (int)Math.Ceiling(Math.Min(remaining.TotalMilliseconds, CancellationSlice.TotalMilliseconds));
            hungUp = (WaitFor(fd, Termios.POLLIN, waitMs) & Termios.POLLHUP) != 0;
        }
    }

    /// <summary>Asynchronous form of <see cref="Read"/> with a relative <paramref name="timeout"/>.</summary>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        return ValueTask.FromResult(Read(buffer.Span, deadline, cancellationToken));
    }

    /// <summary>Unlocks and closes the device. Safe to call more than once.</summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd < 0) return;
        Termios.Flock(fd, Termios.LOCK_UN);
        Termios.Close(fd);
    }

    /// <inheritdoc />
    public override string ToString() => $"{PortPath}@{BaudRate}";

    private int TryReadNow(int fd, Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var n = Termios.Read(fd, start, buffer.Length);
                // With VMIN = VTIME = 0 a tty read returns 0 when nothing is waiting; a hang-up shows in poll's POLLHUP.
                if (n >= 0) return (int)n;
                var errno = Termios.LastErrno;
                if (errno == Termios.EINTR) continue;
                if (errno == Termios.EAGAIN) return 0;
                throw SerialPortException.FromErrno(PortPath, errno, "read");
            }
        }
    }

    /// <summary>Waits for <paramref name="events"/>; returns the revents. A hang-up without pending data throws.</summary>
    private short WaitFor(int fd, short events, int timeoutMs)
    {
        var pfd = new Termios.PollFd { fd = fd, events = events };
        var rc = Termios.Poll(&pfd, 1, Math.Max(0, timeoutMs));
        if (rc < 0 && Termios.LastErrno != Termios.EINTR) throw SerialPortException.FromErrno(PortPath, Termios.LastErrno, "poll");
        // A hang-up with data still buffered is reported after the next read drains the data.
        if (rc > 0 && (pfd.revents & (Termios.POLLHUP | Termios.POLLERR | Termios.POLLNVAL)) != 0 && (pfd.revents & Termios.POLLIN) == 0)
            throw SerialPortException.FromErrno(PortPath, Termios.EIO, "poll (hang-up)");
        return rc > 0 ? pfd.revents : (short)0;
    }

    private int CheckedFd()
    {
        var fd = Volatile.Read(ref _fd);
        ObjectDisposedException.ThrowIf(fd < 0, this);
        return fd;
    }

    private static void ConfigureRaw(int fd, string path, int baudRate)
    {
        Termios.TermiosStruct t;
        if (Termios.TcGetAttr(fd, &t) != 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "tcgetattr");
        Termios.CfMakeRaw(&t);
        t.c_cflag &= ~(Termios.CSIZE | Termios.CSTOPB | Termios.PARENB | Termios.CRTSCTS);
        t.c_cflag |= Termios.CS8 | Termios.CLOCAL | Termios.CREAD;
        t.c_cc[Termios.VMIN] = 0;
        t.c_cc[Termios.VTIME] = 0;
        if (BaudConstants.TryGet(baudRate, out var speed))
        {
            Termios.CfSetISpeed(&t, speed);
            Termios.CfSetOSpeed(&t, speed);
            if (Termios.TcSetAttr(fd, Termios.TCSANOW, &t) != 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "tcsetattr");
            return;
        }
        if (Termios.TcSetAttr(fd, Termios.TCSANOW, &t) != 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "tcsetattr");
        SetCustomBaud(fd, path, baudRate);
    }

    private static void SetCustomBaud(int fd, string path, int baudRate)
    {
        if (baudRate <= 0)
            throw new SerialPortException(SerialPortError.UnsupportedBaudRate, path, $"Baud rate {baudRate} on '{path}' must be positive.");
        Termios.Termios2Struct t2;
        if (Termios.Ioctl(fd, Termios.TCGETS2, &t2) != 0) throw SerialPortException.FromErrno(path, Termios.LastErrno, "TCGETS2");
        t2.c_cflag = (t2.c_cflag & ~Termios.CBAUD) | Termios.BOTHER;
        t2.c_cflag &= ~(Termios.CBAUD << 16);
        t2.c_cflag |= Termios.BOTHER << 16;
        t2.c_ispeed = (uint)baudRate;
        t2.c_ospeed = (uint)baudRate;
        if (Termios.Ioctl(fd, Termios.TCSETS2, &t2) != 0)
            throw new SerialPortException(SerialPortError.UnsupportedBaudRate, path,
                $"Serial port '{path}' refused baud rate {baudRate} (errno {Termios.LastErrno}); use a standard rate such as 1000000.", Termios.LastErrno);
    }

    /// <summary>INTERNAL API. Reads the line speed currently configured on <paramref name="fd"/> (termios2's c_ospeed).</summary>
    internal static int ReadLineSpeed(int fd)
    {
        Termios.Termios2Struct t2;
        return Termios.Ioctl(fd, Termios.TCGETS2, &t2) == 0 ? (int)t2.c_ospeed : 0;
    }
}
