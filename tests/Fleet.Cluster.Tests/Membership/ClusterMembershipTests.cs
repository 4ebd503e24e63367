using Fleet.Cluster.Membership;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Messages;

namespace Fleet.Cluster.Tests.Membership;

public class ClusterMembershipTests
{
    private readonly ManualClock _clock = new();
    private readonly ClusterMembership _table;
    private readonly Dictionary<string, ulong> _sequence = [];

    public ClusterMembershipTests() => _table = new ClusterMembership("self", clock: _clock);

    private IReadOnlyList<MemberStatusChanged> Beat(string node, MemberStatus status = MemberStatus.Up, string incarnation = "i1")
    {
        _sequence[node] = _sequence.GetValueOrDefault(node) + 1;
        return _table.OnHeartbeat(new MemberHeartbeat(node, incarnation, _sequence[node], _clock.GetUtcNow(), ["policy"], [], [$"{node}/act-0"], 0.5, status));
    }

    [Fact]
    public void FirstHeartbeat_Joins_SecondMakesUp()
    {
        Assert.Equal(MemberStatus.Joining, Assert.Single(Beat("gpu-1")).To);
        Assert.Equal(MemberStatus.Up, Assert.Single(Beat("gpu-1")).To);
        var row = Assert.Single(_table.Snapshot());
        Assert.Equal(("gpu-1", MemberStatus.Up, 0.5), (row.Node, row.Status, row.Load));
        Assert.Equal(["gpu-1/act-0"], row.Workers);
    }

    [Fact]
    public void SilentMember_IsDownedByTheFailureDetectorThenRemoved()
    {
        for (var i = 0; i < 10; i++)
        {
            Beat("gpu-1");
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Empty(_table.Tick());

        _clock.Advance(TimeSpan.FromSeconds(5));
        var down = Assert.Single(_table.Tick());
        Assert.Equal((MemberStatus.Up, MemberStatus.Down), (down.From, down.To));
        Assert.Contains("φ", down.Reason);

        Assert.Empty(Beat("gpu-1")); // the same incarnation cannot come back from Down
        Assert.Equal(MemberStatus.Down, _table.StatusOf("gpu-1"));
        _clock.Advance(_table.RemovalMargin);
        Assert.Equal(MemberStatus.Removed, Assert.Single(_table.Tick()).To);
        Assert.Null(_table.StatusOf("gpu-1"));
    }

    [Fact]
    public void RestartedNode_RejoinsAsANewIncarnation()
    {
        Beat("gpu-1");
        _table.Down("gpu-1", "cli");

        var change = Assert.Single(Beat("gpu-1", incarnation: "i2"));

        Assert.Equal((MemberStatus.Down, MemberStatus.Joining), (change.From, change.To));
    }

    [Fact]
    public void LeavingMember_MovesThroughExitingToRemovedWhenSilent()
    {
        Beat("gpu-1");
        Beat("gpu-1");
        Assert.Equal(MemberStatus.Leaving, Assert.Single(Beat("gpu-1", MemberStatus.Leaving)).To);
        Assert.Equal(MemberStatus.Exiting, Assert.Single(Beat("gpu-1", MemberStatus.Exiting)).To);
        Assert.Empty(Beat("gpu-1", MemberStatus.Up)); // statuses never move back

        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal((MemberStatus.Exiting, MemberStatus.Removed), Assert.Single(_table.Tick()) is var c ? (c.From, c.To) : default);
    }

    [Fact]
    public void Down_ByOperator_IsReportedOnceAndNamesTheOrigin()
    {
        Beat("gpu-1");

        var change = _table.Down("gpu-1", "cli@lab");

        Assert.Equal("downed by cli@lab", change!.Reason);
        Assert.Null(_table.Down("gpu-1", "cli@lab"));
        Assert.Null(_table.Down("unknown", "cli@lab"));
    }
}
