using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Transport;

public sealed class InMemoryTransportContractTests : TransportContract
{
    private readonly InMemoryBroker _broker = new();

    protected override Task<ITransport> ConnectAsync(string name) => Task.FromResult<ITransport>(new InMemoryTransport(_broker, name));
}

public sealed class FaultInjectingTransportContractTests : TransportContract
{
    private readonly InMemoryBroker _broker = new();

    // With no fault switched on, the injector must be invisible.
    protected override Task<ITransport> ConnectAsync(string name) =>
        Task.FromResult<ITransport>(new FaultInjectingTransport(new InMemoryTransport(_broker, name)));
}
