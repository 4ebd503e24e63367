using System.Diagnostics;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Simulation;

// The serving side, called by the host thread: read requests, answer, release due replies.
public sealed partial class ServoBusSimulator
{
    private readonly byte[] _readScratch = new byte[4096];
    private readonly byte[] _replyScratch = new byte[4096];

    /// <summary>INTERNAL API. Reads and answers whatever the client sent. Returns false once the bus hung up.</summary>
    internal bool ServeReadable()
    {
        lock (_gate)
        {
            if (_hungUp) return false;
            var n = _pty.ReadMaster(_readScratch);
            if (n < 0) { HangUpUnsynchronized(); return false; }
            if (n == 0) return true;
            var receivedAt = Stopwatch.GetTimestamp();
            _clientBaud = _pty.ClientBaudRate is > 0 and var b ? b : BaudRateTable.Default;
            _rx.Append(_readScratch.AsSpan(0, n));
            while (_rx.TryNext(PacketKind.Instruction, endOfStream: false, out var frame))
            {
                // "After N packets": the first N are answered in full; the next request finds the port gone.
                if (ShouldDisconnect()) { HangUpUnsynchronized(); return false; }
                _packetsServed++;
                Answer(_rx.Pending.Slice(frame.Start, frame.Length), frame, receivedAt);
                _rx.Consume(frame.Length);
            }
            return true;
        }
    }

    /// <summary>INTERNAL API. Writes replies whose time has come; returns the next due timestamp, or long.MaxValue.</summary>
    internal long FlushDue(long now)
    {
        lock (_gate)
        {
            if (_hungUp) return long.MaxValue;
            if (TimeToDisconnect()) { HangUpUnsynchronized(); return long.MaxValue; }
            while (_outbox.Count > 0 && _outbox.Peek().DueTimestamp <= now)
            {
                var reply = _outbox.Dequeue();
                // The pty buffer holds kilobytes; a client that does not read loses replies, as on a real bus.
                if (_pty.WriteMaster(reply.Bytes) < 0) { HangUpUnsynchronized(); return long.MaxValue; }
            }
            var next = _outbox.Count > 0 ? _outbox.Peek().DueTimestamp : long.MaxValue;
            if (_faults.DisconnectAfter is { } after)
                next = Math.Min(next, _startTimestamp + (long)(after.TotalSeconds * Stopwatch.Frequency));
            return next;
        }
    }

    private bool ShouldDisconnect() =>
        (_faults.DisconnectAfterPackets is { } packets && _packetsServed >= packets) || TimeToDisconnect();

    private bool TimeToDisconnect() => _faults.DisconnectAfter is { } after && Stopwatch.GetElapsedTime(_startTimestamp) >= after;

    private void Answer(ReadOnlySpan<byte> request, Frame frame, long receivedAt)
    {
        var returnDelayUs = 0;
        var length = Dispatch((Instruction)frame.Code, frame.Id, request.Slice(5, frame.ParameterCount), NowSeconds(), _replyScratch, ref returnDelayUs);
        if (length == 0) return;
        var due = receivedAt;
        if (RealisticTiming)
        {
            var wireSeconds = (request.Length + length) * 10.0 / _clientBaud + returnDelayUs * 1e-6;
            due += (long)(wireSeconds * Stopwatch.Frequency);
        }
        if (_faults.Delay > 0 && _random.NextDouble() < _faults.Delay)
            due += (long)(_faults.DelayBy.TotalSeconds * Stopwatch.Frequency);
        var reply = _replyScratch.AsSpan(0, length);
        // Due now and nothing queued ahead: write at once (no copy). Otherwise keep order through the outbox.
        if (due <= Stopwatch.GetTimestamp() && _outbox.Count == 0 && _pty.WriteMaster(reply) == length) return;
        _outbox.Enqueue(new PendingReply(due, reply.ToArray()));
    }

    /// <summary>Encodes one servo's reply with the injected faults; returns the bytes written (0 when dropped).</summary>
    private int EncodeReply(SimulatedServo servo, byte replyId, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (_faults.Drop > 0 && _random.NextDouble() < _faults.Drop) return 0;
        var at = 0;
        if (_faults.Noise > 0 && _random.NextDouble() < _faults.Noise)
        {
            var count = _random.Next(1, _faults.NoiseBytes + 1);
            for (var i = 0; i < count; i++) destination[at++] = (byte)_random.Next(256);
        }
        var size = StatusPacket.Encode(destination[at..], replyId, servo.InjectedError, data);
        if (_faults.Corrupt > 0 && _random.NextDouble() < _faults.Corrupt) destination[at + size - 1] ^= 0xFF;
        return at + size;
    }
}
