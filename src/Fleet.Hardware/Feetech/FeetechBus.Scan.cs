using System.Diagnostics;
using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Feetech;

// Discovery: broadcast ping, per-servo identity, unicast id scan.
public sealed partial class FeetechBus
{
    /// <summary>
    /// LeRobot's broadcast ping: sends <c>FF FF FE 02 01 FE</c> and collects every 6-byte reply until the window
    /// closes (<see cref="FeetechBusOptions.BroadcastPingTimeout"/>). Returns the responding ids with their error
    /// bytes, in id order. Real servos reply on top of each other when several share a bus; LeRobot (and this) use it
    /// to find a single new servo or as a first pass of a scan.
    /// </summary>
    public ValueTask<IReadOnlyDictionary<byte, StatusError>> BroadcastPingAsync(CancellationToken cancellationToken)
    {
        var length = InstructionPacket.EncodePing(_tx, InstructionPacket.BroadcastId);
        _port.DiscardInput();
        _rx.Clear();
        Send(length, cancellationToken);
        var window = Options.BroadcastPingTimeout ?? FeetechTimeouts.BroadcastPing(_port.BaudRate);
        var deadline = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var found = new SortedDictionary<byte, StatusError>();
        while (found.Count < 252)
        {
            while (_rx.TryNext(PacketKind.Status, endOfStream: false, out var frame))
            {
                if (frame.ParameterCount == 0) found[frame.Id] = frame.Error;
                _rx.Consume(frame.Length);
            }
            var n = _port.Read(_rx.FreeSpace(), deadline, cancellationToken);
            if (n == 0) break;
            _rx.Commit(n);
        }
        Statistics.SkippedBytes += _rx.SkippedBytes;
        return ValueTask.FromResult<IReadOnlyDictionary<byte, StatusError>>(found);
    }

    /// <summary>Reads model number and firmware version of servo <paramref name="id"/> (three READs, as LeRobot's handshake does).</summary>
    /// <exception cref="FeetechCommunicationException">The servo did not answer.</exception>
    /// <exception cref="ServoErrorException">The servo answered with an error byte.</exception>
    public ValueTask<ServoInfo> ReadInfoAsync(byte id, CancellationToken cancellationToken)
    {
        var model = ReadCore(id, ControlTable.ModelNumber, Options.ReadRetries, cancellationToken);
        var major = ReadCore(id, ControlTable.FirmwareMajorVersion, Options.ReadRetries, cancellationToken);
        var minor = ReadCore(id, ControlTable.FirmwareMinorVersion, Options.ReadRetries, cancellationToken);
        return ValueTask.FromResult(new ServoInfo(id, model, major, minor, _port.BaudRate));
    }

    /// <summary>
    /// Pings every id from <paramref name="firstId"/> to <paramref name="lastId"/> one by one (each missing id costs
    /// one ping timeout, ~50 ms) and returns the identity of each responder. Safe with many servos on the bus.
    /// </summary>
    public async ValueTask<IReadOnlyList<ServoInfo>> ScanIdsAsync(byte firstId, byte lastId, CancellationToken cancellationToken)
    {
        var found = new List<ServoInfo>();
        for (var id = (int)firstId; id <= lastId; id++)
        {
            if (await PingAsync((byte)id, cancellationToken) is null) continue;
            found.Add(await ReadInfoAsync((byte)id, cancellationToken));
        }
        return found;
    }
}
