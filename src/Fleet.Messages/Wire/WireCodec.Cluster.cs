using Fleet.Messages.Wire.Proto;

namespace Fleet.Messages.Wire;

// Membership and broadcast messages: heartbeats, operator commands, fleet-wide STOP and RESUME.
public sealed partial class WireCodec
{
    private static readonly Dictionary<string, MemberStatus> SelfReportedStatuses = new(StringComparer.Ordinal)
    {
        ["joining"] = MemberStatus.Joining,
        ["up"] = MemberStatus.Up,
        ["leaving"] = MemberStatus.Leaving,
        ["exiting"] = MemberStatus.Exiting,
    };

    private static WireHeartbeat ToWire(MemberHeartbeat m)
    {
        var w = new WireHeartbeat
        {
            Node = m.Node,
            Incarnation = m.Incarnation,
            Sequence = m.Sequence,
            SentAtUnixUs = WireChecks.ToUnixMicroseconds(m.SentAt),
            Load = m.Load,
            Status = m.Status.ToString().ToLowerInvariant(),
        };
        w.Roles.AddRange(m.Roles);
        w.Arms.AddRange(m.Arms);
        w.Workers.AddRange(m.Workers);
        if (m.LastStop is not null && m.LastResume is not null)
            throw new ArgumentException($"The heartbeat of {m.Node} carries both a last STOP and a last RESUME; only the later one belongs there.", nameof(m));
        if (m.LastStop is { } stop) w.LastStop = ToWire(stop);
        if (m.LastResume is { } resume) w.LastResume = ToWire(resume);
        return w;
    }

    private static MemberHeartbeat FromWire(WireHeartbeat w, WireChecks check)
    {
        if (!SelfReportedStatuses.TryGetValue(w.Status, out var status))
            throw check.Fail("status", $"is '{w.Status}'; a node reports itself as joining, up, leaving or exiting.");
        if (!double.IsFinite(w.Load) || w.Load < 0 || w.Load > 1) throw check.Fail("load", $"is {w.Load}; it must be within 0..1.");
        return new MemberHeartbeat(
            check.Text("node", w.Node), check.Text("incarnation", w.Incarnation), w.Sequence,
            check.Time("sent_at_unix_us", w.SentAtUnixUs),
            check.Names("roles", w.Roles), check.Names("arms", w.Arms), check.Names("workers", w.Workers),
            w.Load, status)
        {
            LastStop = w.LastFleetCommandCase == WireHeartbeat.LastFleetCommandOneofCase.LastStop ? FromWire(w.LastStop, check) : null,
            LastResume = w.LastFleetCommandCase == WireHeartbeat.LastFleetCommandOneofCase.LastResume ? FromWire(w.LastResume, check) : null,
        };
    }

    private static WireMemberCommand ToWire(MemberCommand m) =>
        new() { Target = m.Target, Command = m.Kind == MemberCommandKind.Leave ? "leave" : "down", Origin = m.Origin };

    private static MemberCommand FromWire(WireMemberCommand w, WireChecks check) => new(
        check.Text("target", w.Target),
        w.Command switch
        {
            "leave" => MemberCommandKind.Leave,
            "down" => MemberCommandKind.Down,
            _ => throw check.Fail("command", $"is '{w.Command}'; expected 'leave' or 'down'."),
        },
        check.Text("origin", w.Origin));

    private static WireFleetStop ToWire(FleetStop m) => new()
    {
        Origin = m.Origin, Reason = m.Reason, IssuedAtUnixUs = WireChecks.ToUnixMicroseconds(m.IssuedAt), DisableTorque = m.DisableTorque,
    };

    private static FleetStop FromWire(WireFleetStop w, WireChecks check) => new(
        check.Text("origin", w.Origin), check.Text("reason", w.Reason, required: false),
        check.Time("issued_at_unix_us", w.IssuedAtUnixUs), w.DisableTorque);

    private static WireFleetResume ToWire(FleetResume m) => new()
    {
        Origin = m.Origin, Reason = m.Reason, IssuedAtUnixUs = WireChecks.ToUnixMicroseconds(m.IssuedAt),
    };

    private static FleetResume FromWire(WireFleetResume w, WireChecks check) => new(
        check.Text("origin", w.Origin), check.Text("reason", w.Reason, required: false), check.Time("issued_at_unix_us", w.IssuedAtUnixUs));
}
