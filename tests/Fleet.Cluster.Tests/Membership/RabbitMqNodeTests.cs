using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Membership;

[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqNodeTests(RabbitMqBroker broker) : NodeScenarios
{
    protected override async Task<ITransport> ConnectAsync(string node) =>
        await RabbitMqTransport.ConnectAsync(new RabbitMqOptions(broker.Uri, node), null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

    protected override Task KillAsync(ITransport transport) => ((RabbitMqTransport)transport).AbortAsync();

    [RabbitFact] public override Task Nodes_SeeEachOtherUpWithRolesAndWork() => base.Nodes_SeeEachOtherUpWithRolesAndWork();
    [RabbitFact] public override Task Stop_ReachesEverySubscriberOnEveryNode_AndOnlyAnExplicitResumeLiftsIt() => base.Stop_ReachesEverySubscriberOnEveryNode_AndOnlyAnExplicitResumeLiftsIt();
    [RabbitFact] public override Task LeaveCommand_NodeFinishesItsWorkThenExits() => base.LeaveCommand_NodeFinishesItsWorkThenExits();
    [RabbitFact] public override Task KilledNode_IsMarkedDownByTheFailureDetector() => base.KilledNode_IsMarkedDownByTheFailureDetector();
}
