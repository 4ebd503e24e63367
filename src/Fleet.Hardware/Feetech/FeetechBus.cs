using System.Buffers.Binary;
using Fleet.Hardware.Feetech.Protocol;
using Fleet.Hardware.Serial;

namespace Fleet.Hardware.Feetech;

/// <summary>
/// A Feetech STS bus on one serial port, speaking exactly what LeRobot puts on the wire: PING, READ, WRITE, SYNC_READ
/// and SYNC_WRITE with LeRobot's reply timeouts and retry counts.
/// </summary>
/// <remarks>
/// <para>Public methods validate and convert (register sizes, sign-magnitude encoding); the private <c>…Core</c>
/// methods transact and retry. Each try discards stale input first, so a reply that arrives after its timeout can
/// never be taken for the answer to a later request.</para>
/// <para>Not thread-safe: a bus is half-duplex and has one owner (the servo actor, a CLI command). The methods finish
/// synchronously (see <see cref="SerialPort"/> for why); they return <see cref="ValueTask"/> so callers stay async.</para>
/// </remarks>
public sealed partial class FeetechBus : IDisposable
{
    private readonly SerialPort _port;
    private readonly bool _ownsPort;
    private readonly ReceiveBuffer _rx = new(2048);
    private readonly byte[] _tx = new byte[InstructionPacket.MaxPacketLength];
    private readonly byte[] _data = new byte[1024];
    private readonly StatusError[] _errors = new StatusError[253];

    /// <summary>Wraps an open port. When <paramref name="ownsPort"/> is true, disposing the bus closes it.</summary>
    public FeetechBus(SerialPort port, FeetechBusOptions? options = null, bool ownsPort = true)
    {
        _port = port ?? throw new ArgumentNullException(nameof(port));
        _ownsPort = ownsPort;
        Options = options ?? FeetechBusOptions.Default;
    }

    /// <summary>Opens <paramref name="path"/> at <paramref name="baudRate"/> and wraps it; the bus owns the port.</summary>
    /// <exception cref="SerialPortException">The port cannot be opened.</exception>
    public static FeetechBus Open(string path, int baudRate = BaudRateTable.Default, FeetechBusOptions? options = null) =>
        new(SerialPort.Open(path, baudRate), options);

    /// <summary>Timeouts and retries in force.</summary>
    public FeetechBusOptions Options { get; }

    /// <summary>The serial port path.</summary>
    public string PortPath => _port.PortPath;

    /// <summary>The underlying port (e.g. to change the baud rate during a scan).</summary>
    public SerialPort Port => _port;

    /// <summary>Counters since the bus was created.</summary>
    public BusStatistics Statistics { get; } = new();

    /// <summary>
    /// LeRobot's ping: PING <paramref name="id"/>, then READ its model number. Returns the model number, or null when
    /// the servo does not answer or answers with an error (LeRobot counts both as missing).
    /// </summary>
    public ValueTask<int?> PingAsync(byte id, CancellationToken cancellationToken)
    {
        var length = InstructionPacket.EncodePing(_tx, id);
        var timeout = FeetechTimeouts.Ping(_port.BaudRate, Options.LatencyMs);
        if (TransactOnce(length, [id], 0, timeout, cancellationToken, out _) is not null || _errors[0] != StatusError.None)
            return ValueTask.FromResult<int?>(null);
        try
        {
            return ValueTask.FromResult<int?>(ReadCore(id, ControlTable.ModelNumber, 0, cancellationToken));
        }
        catch (FeetechCommunicationException) { return ValueTask.FromResult<int?>(null); }
        catch (ServoErrorException) { return ValueTask.FromResult<int?>(null); }
    }

    /// <summary>Reads <paramref name="register"/> of servo <paramref name="id"/>, sign-decoded.</summary>
    /// <param name="id">Servo id.</param>
    /// <param name="register">A register of <see cref="ControlTable"/>.</param>
    /// <param name="cancellationToken">Cancels between and during tries.</param>
    /// <param name="retries">Extra tries; null for <see cref="FeetechBusOptions.ReadRetries"/>.</param>
    /// <exception cref="FeetechCommunicationException">No valid reply after every try.</exception>
    /// <exception cref="ServoErrorException">The servo answered with a non-zero error byte.</exception>
    public ValueTask<int> ReadAsync(byte id, Register register, CancellationToken cancellationToken, int? retries = null) =>
        ValueTask.FromResult(ReadCore(id, register, retries ?? Options.ReadRetries, cancellationToken));

    /// <summary>Writes <paramref name="value"/> (sign-encoded where the register is signed) and waits for the servo's acknowledgement.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value does not fit the register.</exception>
    /// <exception cref="FeetechCommunicationException">No acknowledgement after every try.</exception>
    /// <exception cref="ServoErrorException">The servo answered with a non-zero error byte.</exception>
    public ValueTask WriteAsync(byte id, Register register, int value, CancellationToken cancellationToken, int? retries = null)
    {
        WriteCore(id, register, value, retries ?? Options.WriteRetries, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// SYNC_READ of <paramref name="register"/> from every id in <paramref name="ids"/> in one transaction; decoded
    /// values land in <paramref name="values"/> in the same order. Error bytes in the replies are ignored, as LeRobot does.
    /// </summary>
    /// <exception cref="FeetechCommunicationException">A reply was missing or damaged on every try.</exception>
    public ValueTask SyncReadAsync(Register register, ReadOnlyMemory<byte> ids, Memory<int> values, CancellationToken cancellationToken, int? retries = null)
    {
        SyncReadCore(register, ids.Span, values.Span, retries ?? Options.ReadRetries, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// SYNC_WRITE of <paramref name="values"/> to <paramref name="register"/> of every id in <paramref name="ids"/>.
    /// No servo replies, so this is fast but unconfirmed: a damaged packet is silently lost. That is the right trade
    /// for goals sent every tick, where the next tick repeats the write.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value does not fit the register.</exception>
    public ValueTask SyncWriteAsync(Register register, ReadOnlyMemory<byte> ids, ReadOnlyMemory<int> values, CancellationToken cancellationToken)
    {
        SyncWriteCore(register, ids.Span, values.Span, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the port if the bus owns it.</summary>
    public void Dispose()
    {
        if (_ownsPort) _port.Dispose();
    }

    /// <summary>Writes <paramref name="value"/> little-endian into <paramref name="destination"/>, sign-encoding signed registers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value does not fit.</exception>
    public static void EncodeValue(Register register, int value, Span<byte> destination)
    {
        var raw = register.SignBit is { } bit ? SignMagnitude.Encode(value, bit) : value;
        var max = register.Size >= 4 ? uint.MaxValue : (1u << (8 * register.Size)) - 1;
        if (raw < 0 || (uint)raw > max)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} does not fit {register} (0..{max}).");
        switch (register.Size)
        {
            case 1: destination[0] = (byte)raw; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)raw); break;
            default: BinaryPrimitives.WriteInt32LittleEndian(destination, raw); break;
        }
    }

    /// <summary>Reads a little-endian register value from <paramref name="source"/>, sign-decoding signed registers.</summary>
    public static int DecodeValue(Register register, ReadOnlySpan<byte> source)
    {
        var raw = register.Size switch
        {
            1 => source[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(source),
            _ => BinaryPrimitives.ReadInt32LittleEndian(source),
        };
        return register.SignBit is { } bit ? SignMagnitude.Decode(raw, bit) : raw;
    }
}
