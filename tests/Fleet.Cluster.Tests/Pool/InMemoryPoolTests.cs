using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Pool;

public sealed class InMemoryPoolTests : PoolScenarios
{
    private readonly InMemoryBroker _broker = new();

    protected override Task<ITransport> ConnectAsync(string node) => Task.FromResult<ITransport>(new InMemoryTransport(_broker, node));

    protected override Task KillAsync(ITransport transport)
    {
        ((InMemoryTransport)transport).Kill();
        return Task.CompletedTask;
    }
}
