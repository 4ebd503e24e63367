using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Transport;

/// <summary>The transport contract against a real RabbitMQ node started by the fixture.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqTransportContractTests(RabbitMqBroker broker) : TransportContract
{
    protected override async Task<ITransport> ConnectAsync(string name) =>
        await RabbitMqTransport.ConnectAsync(new RabbitMqOptions(broker.Uri, $"contract-{name}"), null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

    [RabbitFact] public override Task Publish_ToDeclaredQueue_DeliversManifestBodyAndProperties() => base.Publish_ToDeclaredQueue_DeliversManifestBodyAndProperties();
    [RabbitFact] public override Task Consumer_DisposedWithoutAck_MessagesGoToAnotherConsumerMarkedRedelivered() => base.Consumer_DisposedWithoutAck_MessagesGoToAnotherConsumerMarkedRedelivered();
    [RabbitFact] public override Task Prefetch_LimitsUnacknowledgedDeliveriesPerConsumer() => base.Prefetch_LimitsUnacknowledgedDeliveriesPerConsumer();
    [RabbitFact] public override Task Publish_ToFullQueueWithRejectPublish_ReturnsRejected() => base.Publish_ToFullQueueWithRejectPublish_ReturnsRejected();
    [RabbitFact] public override Task Publish_ToMissingQueue_ReturnsUnroutable() => base.Publish_ToMissingQueue_ReturnsUnroutable();
    [RabbitFact] public override Task ExpiredMessage_IsNeverDelivered() => base.ExpiredMessage_IsNeverDelivered();
    [RabbitFact] public override Task Broadcast_ReachesEveryBoundQueue() => base.Broadcast_ReachesEveryBoundQueue();
    [RabbitFact] public override Task Reject_WithRequeue_RedeliversAndWithoutRequeue_Drops() => base.Reject_WithRequeue_RedeliversAndWithoutRequeue_Drops();
    [RabbitFact] public override Task StoppedConsumer_KeepsWhatItHoldsAckableAndTakesNothingNew() => base.StoppedConsumer_KeepsWhatItHoldsAckableAndTakesNothingNew();
}
