using Fleet.Messages;
using Fleet.Policy.Abstractions;

namespace Fleet.Actors.PolicyPool;

/// <summary>
/// One local inference worker: runs <see cref="IPolicy.PredictAsync"/> on a batch at a time, answers each request's
/// sender with a <see cref="PredictChunkReply"/> (a chunk stamped with the observation's timestep, or the policy's
/// error), then tells the pool it is idle. Owns and disposes its policy instance.
/// </summary>
public sealed class PolicyWorkerActor : ReceiveActor
{
    private readonly string _policyName;
    private readonly IPolicy _policy;
    private readonly string _name;

    private PolicyWorkerActor(string policyName, IPolicy policy, string name)
    {
        _policyName = policyName;
        _policy = policy;
        _name = name;
        ReceiveAsync<PredictBatch>(HandleBatchAsync);
    }

    /// <summary>Props for a worker of policy <paramref name="policyName"/>.</summary>
    /// <param name="policyName">The policy's name in the pool.</param>
    /// <param name="create">Makes this worker's policy instance (called once, when the worker starts).</param>
    /// <param name="name">The worker's name in replies (node/policy/index).</param>
    public static Props Props(string policyName, Func<IPolicy> create, string name) =>
        Fleet.Actors.Props.Create(() => new PolicyWorkerActor(policyName, create(), name));

    /// <inheritdoc />
    protected override void PostStop() => _policy.Dispose();

    private async Task HandleBatchAsync(PredictBatch batch)
    {
        var inputs = batch.Requests.Select(r => PolicyInput.From(r.Request.Observation)).ToList();
        try
        {
            var outputs = await _policy.PredictAsync(inputs, CancellationToken.None);
            var now = DateTimeOffset.UtcNow;
            for (int i = 0; i < batch.Requests.Count; i++)
            {
                var request = batch.Requests[i].Request;
                var chunk = new ActionChunk(request.Observation.ArmId, request.Observation.Timestep, outputs[i].Actions, outputs[i].ActionDim, now);
                batch.Requests[i].ReplyTo.Tell(new PredictChunkReply(request.RequestId, request.Observation.ArmId, chunk, null, _name), Self);
            }
            Context.Parent.Tell(new BatchDone(_policyName, Self, batch.Requests.Count, 0), Self);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var pending in batch.Requests)
            {
                var request = pending.Request;
                pending.ReplyTo.Tell(new PredictChunkReply(request.RequestId, request.Observation.ArmId, null,
                    $"policy '{_policyName}' failed on worker {_name}: {e.Message}", _name), Self);
            }
            Context.Parent.Tell(new BatchDone(_policyName, Self, 0, batch.Requests.Count), Self);
        }
    }
}

/// <summary>INTERNAL API. A worker finished a batch: how many requests got chunks and how many got errors.</summary>
/// <param name="Policy">The worker's policy.</param>
/// <param name="Worker">The worker, idle again.</param>
/// <param name="Served">Requests answered with a chunk.</param>
/// <param name="Failed">Requests answered with an error.</param>
public sealed record BatchDone(string Policy, IActorRef Worker, int Served, int Failed);
