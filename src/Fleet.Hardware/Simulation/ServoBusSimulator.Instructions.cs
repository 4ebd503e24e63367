using Fleet.Hardware.Feetech;
using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Simulation;

// What each instruction does to the servos, and which of them answer with what data.
public sealed partial class ServoBusSimulator
{
    private readonly Dictionary<byte, (int Address, byte[] Data)> _registered = new();

    /// <summary>Applies one instruction; returns the replies as (servo, id to answer as, data).</summary>
    /// <remarks>A servo acknowledges an ID write under the id it was addressed by, so the host's wait for that id succeeds.</remarks>
    private List<(SimulatedServo Servo, byte ReplyId, byte[] Data)> Dispatch(Instruction instruction, byte id, ReadOnlySpan<byte> p, double now)
    {
        var replies = new List<(SimulatedServo, byte, byte[])>(6);
        switch (instruction)
        {
            case Instruction.Ping:
                foreach (var s in Addressed(id)) replies.Add((s, s.Id, []));
                break;
            case Instruction.Read when p.Length == 2 && id != InstructionPacket.BroadcastId:
                foreach (var s in Addressed(id)) replies.Add((s, s.Id, ReadRegisters(s, p[0], p[1], now)));
                break;
            case Instruction.Write when p.Length >= 2:
                foreach (var s in Addressed(id))
                {
                    var ack = Acknowledges(s, id);
                    var before = s.Id;
                    s.Write(p[0], p[1..], now);
                    if (ack) replies.Add((s, before, []));
                }
                break;
            case Instruction.RegWrite when p.Length >= 2:
                foreach (var s in Addressed(id))
                {
                    _registered[s.Id] = (p[0], p[1..].ToArray());
                    if (Acknowledges(s, id)) replies.Add((s, s.Id, []));
                }
                break;
            case Instruction.Action:
                foreach (var s in Addressed(id))
                {
                    if (_registered.Remove(s.Id, out var pending)) s.Write(pending.Address, pending.Data, now);
                    if (Acknowledges(s, id)) replies.Add((s, s.Id, []));
                }
                break;
            case Instruction.SyncRead when p.Length >= 3 && id == InstructionPacket.BroadcastId:
                foreach (var target in p[2..])
                    if (Listening(target) is { } s) replies.Add((s, s.Id, ReadRegisters(s, p[0], p[1], now)));
                break;
            case Instruction.SyncWrite when p.Length >= 2 && id == InstructionPacket.BroadcastId:
                SyncWrite(p, now);
                break;
        }
        return replies;
    }

    private void SyncWrite(ReadOnlySpan<byte> p, double now)
    {
        int address = p[0], size = p[1];
        if (size == 0) return;
        for (var at = 2; at + 1 + size <= p.Length; at += 1 + size)
            Listening(p[at])?.Write(address, p.Slice(at + 1, size), now);
    }

    /// <summary>Servos that receive a packet to <paramref name="id"/>: the one with that id, or all for broadcast; only those at the line's baud.</summary>
    private List<SimulatedServo> Addressed(byte id)
    {
        var list = new List<SimulatedServo>(id == InstructionPacket.BroadcastId ? _servos.Count : 1);
        foreach (var s in _servos.OrderBy(s => s.Id))
            if ((id == InstructionPacket.BroadcastId || s.Id == id) && s.BaudRate == _clientBaud) list.Add(s);
        return list;
    }

    private SimulatedServo? Listening(byte id)
    {
        var s = Find(id);
        return s is not null && s.BaudRate == _clientBaud ? s : null;
    }

    /// <summary>Servos answer unicast instructions only, and writes only when Response_Status_Level is 1.</summary>
    private static bool Acknowledges(SimulatedServo s, byte addressedId) =>
        addressedId != InstructionPacket.BroadcastId && s.Get(ControlTable.ResponseStatusLevel) != 0;

    private static byte[] ReadRegisters(SimulatedServo s, int address, int length, double now)
    {
        var data = new byte[Math.Min(length, ServoMemory.Size - address)];
        s.Read(address, data.Length, data, now);
        return data;
    }
}
