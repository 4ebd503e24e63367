using System.Diagnostics;
using Fleet.Hardware.Serial;

namespace Fleet.Hardware.Simulation;

/// <summary>
/// Serves any number of <see cref="ServoBusSimulator"/>s from one thread: a <c>ppoll(2)</c> loop over every bus's pty
/// master plus a wake-up pipe, sleeping until a request arrives or the next delayed reply is due. One thread keeps the
/// cost per bus to a wake-up per request, so dozens of buses at 60 Hz fit on two cores.
/// </summary>
/// <remarks>Disposing stops the thread and hangs up every bus still attached. Buses may be added and removed while serving.</remarks>
public sealed unsafe class ServoBusHost : IDisposable
{
    private readonly object _gate = new();
    private readonly List<ServoBusSimulator> _buses = [];
    private readonly Thread _thread;
    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private volatile bool _stopping;
    private Exception? _failure;

    /// <summary>Starts the serving thread.</summary>
    public ServoBusHost()
    {
        var fds = stackalloc int[2];
        if (Termios.Pipe2(fds, Termios.O_NONBLOCK | Termios.O_CLOEXEC) != 0)
            throw new IOException($"Cannot create the simulator's wake-up pipe: errno {Termios.LastErrno} ({Termios.Describe(Termios.LastErrno)}).");
        _wakeRead = fds[0];
        _wakeWrite = fds[1];
        _thread = new Thread(Run) { IsBackground = true, Name = "servo-bus-host" };
        _thread.Start();
    }

    /// <summary>The exception that stopped the serving thread, if any (a simulator bug); null while healthy.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Starts serving <paramref name="bus"/>.</summary>
    public void Add(ServoBusSimulator bus)
    {
        lock (_gate) _buses.Add(bus);
        Wake();
    }

    /// <summary>Stops serving <paramref name="bus"/> (without hanging it up).</summary>
    public void Remove(ServoBusSimulator bus)
    {
        lock (_gate) _buses.Remove(bus);
        Wake();
    }

    /// <summary>Stops the thread and hangs up every attached bus.</summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        Wake();
        _thread.Join();
        ServoBusSimulator[] buses;
        lock (_gate) { buses = [.. _buses]; _buses.Clear(); }
        foreach (var bus in buses) bus.Dispose();
        Termios.Close(_wakeRead);
        Termios.Close(_wakeWrite);
    }

    private void Wake()
    {
        byte one = 1;
        Termios.Write(_wakeWrite, &one, 1);
    }

    private void Run()
    {
        try
        {
            var snapshot = new List<ServoBusSimulator>();
            var fds = new Termios.PollFd[1];
            var nextDue = long.MaxValue;
            while (!_stopping)
            {
                lock (_gate) { snapshot.Clear(); snapshot.AddRange(_buses); }
                if (fds.Length < snapshot.Count + 1) fds = new Termios.PollFd[snapshot.Count * 2 + 1];
                var count = 1;
                fds[0] = new Termios.PollFd { fd = _wakeRead, events = Termios.POLLIN };
                foreach (var bus in snapshot) fds[count++] = new Termios.PollFd { fd = bus.MasterFd, events = Termios.POLLIN };
                WaitUntil(fds, count, nextDue);
                if ((fds[0].revents & Termios.POLLIN) != 0) DrainWake();
                for (var i = 1; i < count; i++)
                    if ((fds[i].revents & Termios.POLLIN) != 0) snapshot[i - 1].ServeReadable();
                nextDue = long.MaxValue;
                var now = Stopwatch.GetTimestamp();
                foreach (var bus in snapshot) nextDue = Math.Min(nextDue, bus.FlushDue(now));
            }
        }
        catch (Exception e)
        {
            Volatile.Write(ref _failure, e);
        }
    }

    private static void WaitUntil(Termios.PollFd[] fds, int count, long dueTimestamp)
    {
        fixed (Termios.PollFd* p = fds)
        {
            if (dueTimestamp == long.MaxValue)
            {
                Termios.PPoll(p, (nuint)count, null, null);
                return;
            }
            var remaining = Math.Max(0, dueTimestamp - Stopwatch.GetTimestamp());
            var ns = (long)(remaining * (1e9 / Stopwatch.Frequency));
            var ts = new Termios.TimeSpec { tv_sec = ns / 1_000_000_000, tv_nsec = ns % 1_000_000_000 };
            Termios.PPoll(p, (nuint)count, &ts, null);
        }
    }

    private void DrainWake()
    {
        var buffer = stackalloc byte[64];
        while (Termios.Read(_wakeRead, buffer, 64) > 0) { }
    }
}
