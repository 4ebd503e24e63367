using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Membership;

public sealed class InMemoryNodeTests : NodeScenarios
{
    private readonly InMemoryBroker _broker = new();

    protected override Task<ITransport> ConnectAsync(string node) => Task.FromResult<ITransport>(new InMemoryTransport(_broker, node));

    protected override Task KillAsync(ITransport transport)
    {
        ((InMemoryTransport)transport).Kill();
        return Task.CompletedTask;
    }
}
