using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Pool;

/// <summary>
/// The pool scenarios on a real RabbitMQ. Policy workers run in this process, each on its own connection; "kill" aborts
/// that connection (socket closed without draining), so the broker sees the worker vanish as it would on kill -9.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqPoolTests(RabbitMqBroker broker) : PoolScenarios
{
    protected override async Task<ITransport> ConnectAsync(string node) =>
        await RabbitMqTransport.ConnectAsync(new RabbitMqOptions(broker.Uri, node), null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

    protected override Task KillAsync(ITransport transport) => ((RabbitMqTransport)transport).AbortAsync();

    [RabbitFact] public override Task Request_ThroughAWorker_ReturnsThePolicysChunk() => base.Request_ThroughAWorker_ReturnsThePolicysChunk();
    [RabbitFact] public override Task SecondRequestOfAnArm_WhileOneIsInFlight_IsRefused() => base.SecondRequestOfAnArm_WhileOneIsInFlight_IsRefused();
    [RabbitFact] public override Task WorkerKilledMidBatch_ItsRequestsAreServedByTheOtherWithinOneSecond() => base.WorkerKilledMidBatch_ItsRequestsAreServedByTheOtherWithinOneSecond();
    [RabbitFact] public override Task WaitingRequests_AreBatchedUpToMaxBatch() => base.WaitingRequests_AreBatchedUpToMaxBatch();
    [RabbitFact] public override Task ReplyAfterTheDeadline_IsDiscarded() => base.ReplyAfterTheDeadline_IsDiscarded();
    [RabbitFact] public override Task FullRequestQueue_FailsTheRequestAsOverloaded() => base.FullRequestQueue_FailsTheRequestAsOverloaded();
    [RabbitFact] public override Task MalformedMessages_AreDeadLetteredCountedAndTheWorkerCarriesOn() => base.MalformedMessages_AreDeadLetteredCountedAndTheWorkerCarriesOn();
    [RabbitFact] public override Task LeavingWorker_FinishesItsBatchWhileNewRequestsGoToOthers() => base.LeavingWorker_FinishesItsBatchWhileNewRequestsGoToOthers();
    [RabbitFact] public override Task LeavingWorker_WhoseBatchOutlastsTheLeaveTimeout_AbandonsItToAnotherWorker() => base.LeavingWorker_WhoseBatchOutlastsTheLeaveTimeout_AbandonsItToAnotherWorker();
}
