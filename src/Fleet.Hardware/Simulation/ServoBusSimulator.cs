using System.Diagnostics;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Feetech.Protocol;
using Fleet.Hardware.Serial;

namespace Fleet.Hardware.Simulation;

/// <summary>
/// A simulated Feetech bus: servos behind the master side of a <see cref="PseudoTerminal"/>, answering the real
/// protocol with real status packets. Served by a <see cref="ServoBusHost"/> thread; the client opens
/// <see cref="PortPath"/> with <see cref="SerialPort"/> exactly as it would a USB adapter.
/// </summary>
/// <remarks>
/// Servos listen only when the client's line speed equals their Baud_Rate register, so id and baud scans behave as on
/// hardware. With <see cref="RealisticTiming"/> replies leave after the request's and reply's wire time at the
/// client's baud plus each servo's Return_Delay_Time. Scenario methods (<see cref="WithServo"/>, <see cref="Faults"/>)
/// are thread-safe against the serving thread.
/// </remarks>
public sealed partial class ServoBusSimulator : IDisposable
{
    private readonly object _gate = new();
    private readonly PseudoTerminal _pty;
    private readonly List<SimulatedServo> _servos = [];
    private readonly ReceiveBuffer _rx = new(4096);
    private readonly Queue<PendingReply> _outbox = new();
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private Random _random;
    private FaultSpec _faults;
    private long _packetsServed;
    private int _clientBaud = BaudRateTable.Default;
    private bool _hungUp;

    /// <summary>Creates a bus with servos <paramref name="ids"/> on a new pseudo-terminal. Not served until added to a host.</summary>
    public ServoBusSimulator(IEnumerable<byte> ids, FaultSpec? faults = null, bool realisticTiming = true)
    {
        _pty = PseudoTerminal.Create();
        _faults = faults ?? FaultSpec.None;
        _random = new Random(_faults.Seed);
        RealisticTiming = realisticTiming;
        var now = NowSeconds();
        foreach (var id in ids) _servos.Add(new SimulatedServo(id, 2047, now));
        ApplyErrorFaults();
    }

    /// <summary>The slave device path a client opens, e.g. <c>/dev/pts/5</c>.</summary>
    public string PortPath => _pty.SlavePath;

    /// <summary>Whether replies wait for simulated wire time and return delay.</summary>
    public bool RealisticTiming { get; }

    /// <summary>True once the bus has hung up (disconnect fault or dispose).</summary>
    public bool HungUp { get { lock (_gate) return _hungUp; } }

    /// <summary>Instruction packets served so far.</summary>
    public long PacketsServed { get { lock (_gate) return _packetsServed; } }

    /// <summary>The faults in force; setting replaces them and reseeds the random choices.</summary>
    public FaultSpec Faults
    {
        get { lock (_gate) return _faults; }
        set
        {
            lock (_gate)
            {
                _faults = value ?? FaultSpec.None;
                _random = new Random(_faults.Seed);
                ApplyErrorFaults();
            }
        }
    }

    /// <summary>Ids currently on the bus (they change when the host writes an ID register).</summary>
    public IReadOnlyList<byte> Ids { get { lock (_gate) return _servos.Select(s => s.Id).ToArray(); } }

    /// <summary>Runs <paramref name="action"/> on servo <paramref name="id"/> under the bus lock (scenario setup, assertions).</summary>
    /// <exception cref="KeyNotFoundException">No servo has that id.</exception>
    public T WithServo<T>(byte id, Func<SimulatedServo, T> action)
    {
        lock (_gate) return action(Find(id) ?? throw new KeyNotFoundException($"No simulated servo with id {id} on {PortPath}."));
    }

    /// <summary>Runs <paramref name="action"/> on servo <paramref name="id"/> under the bus lock.</summary>
    public void WithServo(byte id, Action<SimulatedServo> action) => WithServo(id, s => { action(s); return 0; });

    /// <summary>Hangs up: closes the pty so a client sees the device vanish. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate) HangUpUnsynchronized();
    }

    /// <summary>INTERNAL API. The master descriptor to poll, or -1 once hung up.</summary>
    internal int MasterFd => _pty.MasterFd;

    internal double NowSeconds() => Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;

    private SimulatedServo? Find(byte id)
    {
        foreach (var s in _servos) if (s.Id == id) return s;
        return null;
    }

    private void ApplyErrorFaults()
    {
        foreach (var s in _servos) s.InjectedError = _faults.ErrorFor(s.Id);
    }

    private void HangUpUnsynchronized()
    {
        if (_hungUp) return;
        _hungUp = true;
        _outbox.Clear();
        _pty.Dispose();
    }

    private readonly record struct PendingReply(long DueTimestamp, byte[] Bytes);
}
