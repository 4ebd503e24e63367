using System.Net;

namespace Fleet.Node.Tests.Admin;

/// <summary>
/// <c>POST /api/cluster/stop</c> and <c>/api/cluster/resume</c> on a node outside any cluster: refused with the reason
/// (the cluster case, through a real broker, is in tests/Fleet.Cluster.Tests FleetRunClusterTests).
/// </summary>
public sealed class ClusterStopEndpointTests(AdminNode node) : IClassFixture<AdminNode>
{
    [Fact]
    public async Task Stop_StandaloneNode_ConflictSayingThereIsNoFleetWideStop()
    {
        using var client = node.Client();
        using var stop = await client.PostAsync("api/cluster/stop?reason=test", null);

        Assert.Equal(HttpStatusCode.Conflict, stop.StatusCode);
        Assert.Contains("not part of a cluster", await stop.Content.ReadAsStringAsync());
        Assert.NotEqual("holding", await node.ArmStateAsync("arm-1"));
    }

    [Fact]
    public async Task Resume_WithoutAReason_BadRequestAskingForOne()
    {
        using var client = node.Client();
        using var resume = await client.PostAsync("api/cluster/resume", null);

        Assert.Equal(HttpStatusCode.BadRequest, resume.StatusCode);
        Assert.Contains("reason", await resume.Content.ReadAsStringAsync());
    }
}
