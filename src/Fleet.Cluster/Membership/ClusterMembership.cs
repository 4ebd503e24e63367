using Fleet.Messages;

namespace Fleet.Cluster.Membership;

/// <summary>
/// The membership table of one node, fed by heartbeats and asked on every heartbeat tick. Statuses only move forward:
/// Joining → Up → Leaving → Exiting → Removed, and from any of them to Down → Removed.
/// <list type="bullet">
/// <item>First heartbeat of a (node, incarnation): Joining; the next one: Up (or what the node reports: Leaving, Exiting).</item>
/// <item>φ of its detector at or above the threshold: Down (the failure detector downs it; Fleet has no split-brain
/// resolver because the broker, not the members, holds the work: a wrongly downed worker's unacked requests are
/// simply redelivered).</item>
/// <item>An Exiting member that falls silent, or a Down member after <see cref="RemovalMargin"/>: Removed (then forgotten).</item>
/// <item>A new incarnation of a Down or Removed node starts again at Joining.</item>
/// </list>
/// Thread-safe.
/// </summary>
public sealed class ClusterMembership(string self, PhiAccrualFailureDetectorOptions? detector = null, TimeProvider? clock = null)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _members = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>How long a Down member stays listed before it is Removed.</summary>
    public TimeSpan RemovalMargin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>This node's name; its own heartbeats are tracked like any other's.</summary>
    public string Self { get; } = self;

    /// <summary>Records a heartbeat; returns the status changes it caused.</summary>
    public IReadOnlyList<MemberStatusChanged> OnHeartbeat(MemberHeartbeat heartbeat)
    {
        var changes = new List<MemberStatusChanged>();
        lock (_gate)
        {
            if (!_members.TryGetValue(heartbeat.Node, out var entry) || entry.Incarnation != heartbeat.Incarnation)
            {
                var from = entry?.Status ?? MemberStatus.Removed;
                entry = new Entry(heartbeat.Incarnation, new PhiAccrualFailureDetector(detector, _clock));
                _members[heartbeat.Node] = entry;
                changes.Add(new MemberStatusChanged(heartbeat.Node, from, MemberStatus.Joining, $"first heartbeat of incarnation {heartbeat.Incarnation}"));
            }
            else if (entry.Status is not (MemberStatus.Down or MemberStatus.Removed))
            {
                var target = heartbeat.Status == MemberStatus.Joining ? MemberStatus.Up : heartbeat.Status;
                if (target > entry.Status && target <= MemberStatus.Exiting)
                {
                    changes.Add(new MemberStatusChanged(heartbeat.Node, entry.Status, target, $"heartbeat {heartbeat.Sequence} reports {heartbeat.Status}"));
                    entry.Status = target;
                }
            }
            if (entry.Status is MemberStatus.Down or MemberStatus.Removed) return changes;
            entry.Detector.HeartBeat();
            entry.Last = heartbeat;
            entry.LastArrival = _clock.GetUtcNow();
        }
        return changes;
    }

    /// <summary>Re-evaluates every member's failure detector; returns the status changes.</summary>
    public IReadOnlyList<MemberStatusChanged> Tick()
    {
        var changes = new List<MemberStatusChanged>();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            foreach (var (node, entry) in _members.ToList())
            {
                switch (entry.Status)
                {
                    case MemberStatus.Down when now - entry.DownAt >= RemovalMargin:
                    case MemberStatus.Exiting when !entry.Detector.IsAvailable:
                        changes.Add(new MemberStatusChanged(node, entry.Status, MemberStatus.Removed, entry.Status == MemberStatus.Down ? "removal margin passed" : "left"));
                        _members.Remove(node);
                        break;
                    case MemberStatus.Joining or MemberStatus.Up or MemberStatus.Leaving when node != Self && !entry.Detector.IsAvailable:
                        changes.Add(MarkDownUnsynchronized(node, entry, now,
                            $"failure detector: φ {entry.Detector.Phi:F1} ≥ threshold after {(now - entry.LastArrival).TotalSeconds:F1} s of silence"));
                        break;
                }
            }
        }
        return changes;
    }

    /// <summary>Marks <paramref name="node"/> Down by an operator's command; null when it is unknown or already Down/Removed.</summary>
    public MemberStatusChanged? Down(string node, string origin)
    {
        lock (_gate)
        {
            if (!_members.TryGetValue(node, out var entry) || entry.Status is MemberStatus.Down or MemberStatus.Removed) return null;
            return MarkDownUnsynchronized(node, entry, _clock.GetUtcNow(), $"downed by {origin}");
        }
    }

    /// <summary>The current table, sorted by node name.</summary>
    public IReadOnlyList<MemberInfo> Snapshot()
    {
        lock (_gate)
        {
            return _members.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            {
                var (node, e) = (kv.Key, kv.Value);
                var h = e.Last;
                return new MemberInfo(node, e.Incarnation, e.Status, h?.Roles ?? [], h?.Arms ?? [], h?.Workers ?? [], h?.Load ?? 0,
                    node == Self ? 0 : e.Detector.Phi, e.LastArrival);
            }).ToList();
        }
    }

    /// <summary>Status of <paramref name="node"/>, or null when it is not in the table.</summary>
    public MemberStatus? StatusOf(string node)
    {
        lock (_gate) return _members.TryGetValue(node, out var e) ? e.Status : null;
    }

    private static MemberStatusChanged MarkDownUnsynchronized(string node, Entry entry, DateTimeOffset now, string reason)
    {
        var change = new MemberStatusChanged(node, entry.Status, MemberStatus.Down, reason);
        entry.Status = MemberStatus.Down;
        entry.DownAt = now;
        return change;
    }

    private sealed class Entry(string incarnation, PhiAccrualFailureDetector detector)
    {
        public string Incarnation { get; } = incarnation;
        public PhiAccrualFailureDetector Detector { get; } = detector;
        public MemberStatus Status { get; set; } = MemberStatus.Joining;
        public MemberHeartbeat? Last { get; set; }
        public DateTimeOffset LastArrival { get; set; }
        public DateTimeOffset DownAt { get; set; }
    }
}
