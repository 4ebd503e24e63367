using Fleet.Hardware.Feetech;
using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Simulation;

// What each instruction does to the servos, and which of them answer with what data. Replies are encoded straight
// into the caller's buffer (with faults applied), so serving a tick allocates nothing.
public sealed partial class ServoBusSimulator
{
    private readonly Dictionary<byte, (int Address, byte[] Data)> _registered = new();
    private readonly byte[] _registerScratch = new byte[ServoMemory.Size];

    /// <summary>Applies one instruction; writes the replies into <paramref name="output"/> and returns their length.</summary>
    /// <remarks>A servo acknowledges an ID write under the id it was addressed by, so the host's wait for that id succeeds.</remarks>
    private int Dispatch(Instruction instruction, byte id, ReadOnlySpan<byte> p, double now, Span<byte> output, ref int returnDelayUs)
    {
        var length = 0;
        var broadcast = id == InstructionPacket.BroadcastId;
        switch (instruction)
        {
            case Instruction.Ping:
                foreach (var s in Addressed(id)) length += Reply(s, s.Id, [], output[length..], ref returnDelayUs);
                break;
            case Instruction.Read when p.Length == 2 && !broadcast:
                if (Listening(id) is { } reader) length += ReplyWithRegisters(reader, p[0], p[1], now, output, ref returnDelayUs);
                break;
            case Instruction.Write when p.Length >= 2:
                foreach (var s in Addressed(id))
                {
                    var ack = Acknowledges(s, id);
                    var before = s.Id;
                    s.Write(p[0], p[1..], now);
                    if (ack) length += Reply(s, before, [], output[length..], ref returnDelayUs);
                }
                break;
            case Instruction.RegWrite when p.Length >= 2:
                foreach (var s in Addressed(id))
                {
                    _registered[s.Id] = (p[0], p[1..].ToArray());
                    if (Acknowledges(s, id)) length += Reply(s, s.Id, [], output[length..], ref returnDelayUs);
                }
                break;
            case Instruction.Action:
                foreach (var s in Addressed(id))
                {
                    if (_registered.Remove(s.Id, out var pending)) s.Write(pending.Address, pending.Data, now);
                    if (Acknowledges(s, id)) length += Reply(s, s.Id, [], output[length..], ref returnDelayUs);
                }
                break;
            case Instruction.SyncRead when p.Length >= 3 && broadcast:
                foreach (var target in p[2..])
                    if (Listening(target) is { } s) length += ReplyWithRegisters(s, p[0], p[1], now, output[length..], ref returnDelayUs);
                break;
            case Instruction.SyncWrite when p.Length >= 2 && broadcast:
                SyncWrite(p, now);
                break;
        }
        return length;
    }

    private int ReplyWithRegisters(SimulatedServo s, int address, int count, double now, Span<byte> output, ref int returnDelayUs)
    {
        var data = _registerScratch.AsSpan(0, Math.Min(count, ServoMemory.Size - address));
        s.Read(address, data.Length, data, now);
        return Reply(s, s.Id, data, output, ref returnDelayUs);
    }

    private int Reply(SimulatedServo s, byte replyId, ReadOnlySpan<byte> data, Span<byte> output, ref int returnDelayUs)
    {
        returnDelayUs = Math.Max(returnDelayUs, s.Get(ControlTable.ReturnDelayTime) * 2);
        return EncodeReply(s, replyId, data, output);
    }

    private void SyncWrite(ReadOnlySpan<byte> p, double now)
    {
        int address = p[0], size = p[1];
        if (size == 0) return;
        for (var at = 2; at + 1 + size <= p.Length; at += 1 + size)
            Listening(p[at])?.Write(address, p.Slice(at + 1, size), now);
    }

    /// <summary>Servos that receive a packet to <paramref name="id"/>: the one with that id, or all (in id order) for broadcast; only those at the line's baud.</summary>
    private IEnumerable<SimulatedServo> Addressed(byte id)
    {
        if (id != InstructionPacket.BroadcastId)
        {
            if (Listening(id) is { } one) yield return one;
            yield break;
        }
        foreach (var s in _servos.OrderBy(s => s.Id).ToArray())
            if (s.BaudRate == _clientBaud) yield return s;
    }

    private SimulatedServo? Listening(byte id)
    {
        var s = Find(id);
        return s is not null && s.BaudRate == _clientBaud ? s : null;
    }

    /// <summary>Servos answer unicast instructions only, and writes only when Response_Status_Level is 1.</summary>
    private static bool Acknowledges(SimulatedServo s, byte addressedId) =>
        addressedId != InstructionPacket.BroadcastId && s.Get(ControlTable.ResponseStatusLevel) != 0;
}
