using System.Diagnostics;
using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Feetech;

// The transaction core: encode, send, collect replies within LeRobot's timeout, retry.
public sealed partial class FeetechBus
{
    private int ReadCore(byte id, Register register, int retries, CancellationToken ct)
    {
        var length = InstructionPacket.EncodeRead(_tx, id, register.Address, register.Size);
        var timeout = FeetechTimeouts.Read(register.Size, _port.BaudRate, Options.LatencyMs);
        Transact(new Operation("read", register, null), length, [id], register.Size, timeout, retries, ct);
        if (_errors[0] != StatusError.None) throw new ServoErrorException(PortPath, id, _errors[0], $"read of '{register.Name}'");
        return DecodeValue(register, _data.AsSpan(0, register.Size));
    }

    private void WriteCore(byte id, Register register, int value, int retries, CancellationToken ct)
    {
        Span<byte> bytes = stackalloc byte[register.Size];
        EncodeValue(register, value, bytes);
        var length = InstructionPacket.EncodeWrite(_tx, id, register.Address, bytes);
        if (id == InstructionPacket.BroadcastId)
        {
            Send(length, ct);
            return;
        }
        var timeout = FeetechTimeouts.Ping(_port.BaudRate, Options.LatencyMs);
        Transact(new Operation("write", register, value), length, [id], 0, timeout, retries, ct);
        if (_errors[0] != StatusError.None) throw new ServoErrorException(PortPath, id, _errors[0], $"write of '{register.Name}'={value}");
    }

    private void SyncReadCore(Register register, ReadOnlySpan<byte> ids, Span<int> values, int retries, CancellationToken ct)
    {
        if (values.Length < ids.Length)
            throw new ArgumentException($"{ids.Length} ids but room for only {values.Length} values.", nameof(values));
        var length = InstructionPacket.EncodeSyncRead(_tx, register.Address, register.Size, ids);
        var timeout = FeetechTimeouts.SyncRead(register.Size, ids.Length, _port.BaudRate, Options.LatencyMs);
        Transact(new Operation("sync read", register, null), length, ids, register.Size, timeout, retries, ct);
        for (var i = 0; i < ids.Length; i++) values[i] = DecodeValue(register, _data.AsSpan(i * register.Size, register.Size));
    }

    private void SyncWriteCore(Register register, ReadOnlySpan<byte> ids, ReadOnlySpan<int> values, CancellationToken ct)
    {
        if (values.Length != ids.Length)
            throw new ArgumentException($"{ids.Length} ids but {values.Length} values for sync write of '{register.Name}'.", nameof(values));
        Span<byte> data = stackalloc byte[ids.Length * register.Size];
        for (var i = 0; i < ids.Length; i++) EncodeValue(register, values[i], data.Slice(i * register.Size, register.Size));
        var length = InstructionPacket.EncodeSyncWrite(_tx, register.Address, register.Size, ids, data);
        Send(length, ct);
    }

    private void Send(int length, CancellationToken ct)
    {
        Statistics.Transactions++;
        _port.Write(_tx.AsSpan(0, length), ct);
    }

    /// <summary>What a transaction does, formatted only when it fails (the tick path must not allocate).</summary>
    private readonly record struct Operation(string Verb, Register Register, int? Value)
    {
        public override string ToString() => Value is { } v ? $"{Verb} '{Register.Name}'={v}" : $"{Verb} '{Register.Name}'";
    }

    /// <summary>Sends <c>_tx[..length]</c> up to 1 + <paramref name="retries"/> times (within the retry budget) until every id answers.</summary>
    private void Transact(Operation operation, int length, ReadOnlySpan<byte> ids, int dataLength, TimeSpan timeout, int retries, CancellationToken ct)
    {
        var callDeadline = Options.RetryBudget is { } budget ? Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        for (var attempt = 1; ; attempt++)
        {
            var left = callDeadline == long.MaxValue ? timeout : Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), callDeadline);
            var failure = TransactOnce(length, ids, dataLength, left < timeout ? left : timeout, ct, out var detail);
            if (failure is null) return;
            var budgetSpent = Stopwatch.GetTimestamp() >= callDeadline;
            if (budgetSpent) detail += $"; retry budget of {Options.RetryBudget!.Value.TotalMilliseconds:0.#} ms spent";
            if (attempt > retries || budgetSpent)
            {
                Statistics.Failures++;
                throw new FeetechCommunicationException(failure.Value, PortPath, operation.ToString(), ids.ToArray(), attempt, detail);
            }
            Statistics.Retries++;
        }
    }

    /// <summary>One try: returns null on success (data in <c>_data</c>, error bytes in <c>_errors</c>, both in id order).</summary>
    private CommunicationFailure? TransactOnce(int length, ReadOnlySpan<byte> ids, int dataLength, TimeSpan timeout, CancellationToken ct, out string detail)
    {
        _port.DiscardInput();
        _rx.Clear();
        Send(length, ct);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Span<bool> got = stackalloc bool[ids.Length];
        var received = 0;
        while (true)
        {
            received += TakeReplies(ids, dataLength, got);
            if (received == ids.Length)
            {
                detail = "";
                Statistics.SkippedBytes += _rx.SkippedBytes;
                return null;
            }
            if (_rx.BadChecksums > 0)
            {
                detail = "a reply failed its checksum";
                return Fail(CommunicationFailure.IncorrectStatusPacket);
            }
            var n = _port.Read(_rx.FreeSpace(), deadline, ct);
            if (n > 0)
            {
                _rx.Commit(n);
                continue;
            }
            detail = TimeoutDetail(ids, got, timeout);
            return Fail(_rx.Count > 0 ? CommunicationFailure.IncorrectStatusPacket : CommunicationFailure.NoStatusPacket);
        }
    }

    private CommunicationFailure Fail(CommunicationFailure failure)
    {
        Statistics.SkippedBytes += _rx.SkippedBytes;
        return failure;
    }

    /// <summary>Consumes decoded replies; returns how many awaited ids were newly satisfied. Other packets are dropped, as the SDK does.</summary>
    private int TakeReplies(ReadOnlySpan<byte> ids, int dataLength, Span<bool> got)
    {
        var taken = 0;
        while (_rx.TryNext(PacketKind.Status, endOfStream: false, out var frame))
        {
            var index = ids.IndexOf(frame.Id);
            if (index >= 0 && !got[index] && frame.ParameterCount == dataLength)
            {
                _rx.Pending.Slice(frame.ParameterOffset, dataLength).CopyTo(_data.AsSpan(index * dataLength));
                _errors[index] = frame.Error;
                got[index] = true;
                taken++;
            }
            _rx.Consume(frame.Length);
        }
        return taken;
    }

    private string TimeoutDetail(ReadOnlySpan<byte> ids, ReadOnlySpan<bool> got, TimeSpan timeout)
    {
        var missing = new List<byte>();
        for (var i = 0; i < ids.Length; i++) if (!got[i]) missing.Add(ids[i]);
        var partial = _rx.Count > 0 ? $"; {_rx.Count} bytes of an incomplete reply" : "";
        var noise = _rx.SkippedBytes > 0 ? $"; {_rx.SkippedBytes} noise bytes skipped" : "";
        return $"no valid reply from id{(missing.Count == 1 ? "" : "s")} [{string.Join(", ", missing)}] within {timeout.TotalMilliseconds:0.##} ms{partial}{noise}";
    }
}
