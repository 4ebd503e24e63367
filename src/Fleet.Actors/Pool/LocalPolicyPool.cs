using Fleet.Messages;
using Fleet.Policy.Abstractions;

namespace Fleet.Actors.PolicyPool;

/// <summary>
/// The embedded policy pool: a router over local <see cref="PolicyWorkerActor"/>s, one lane per policy, speaking the
/// pool protocol (<see cref="PredictChunk"/> → <see cref="PredictChunkReply"/>) so the remote pool can replace it.
/// </summary>
/// <remarks>
/// Each lane holds a bounded queue: a request beyond <see cref="LocalPolicyPoolOptions.QueueCapacity"/> is answered
/// at once with an error (the arm counts a failure and asks again) instead of growing memory. The batching hook:
/// while a worker is idle, requests wait at most <see cref="LocalPolicyPoolOptions.MaxWait"/> for the batch to reach
/// <see cref="LocalPolicyPoolOptions.MaxBatch"/>; a worker that frees up takes what is waiting straight away.
/// Requests whose deadline passed in the queue are dropped unanswered (the arm already re-asked).
/// </remarks>
public sealed class LocalPolicyPool : ReceiveActor, IWithTimers
{
    private readonly IReadOnlyDictionary<string, PolicyRegistration> _registrations;
    private readonly Dictionary<string, PolicyLane> _lanes = new(StringComparer.Ordinal);

    private LocalPolicyPool(IReadOnlyDictionary<string, PolicyRegistration> registrations)
    {
        _registrations = registrations;
        Receive<PredictChunk>(HandlePredict);
        Receive<BatchDone>(HandleBatchDone);
        Receive<FlushLane>(f => { if (_lanes.TryGetValue(f.Policy, out var lane)) Dispatch(lane); });
        Receive<GetPoolStats>(_ => Sender.Tell(new PoolStats(_lanes.Values.Select(l => l.Stats()).ToList()), Self));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a pool serving <paramref name="policies"/>, by name.</summary>
    /// <param name="policies">Each policy's factory (one instance per worker) and lane options.</param>
    public static Props Props(IReadOnlyDictionary<string, PolicyRegistration> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var (name, registration) in policies)
        {
            try { registration.Options.Validate(); }
            catch (ArgumentException e) { throw new ArgumentException($"Policy '{name}': {e.Message}", nameof(policies), e); }
        }
        return Fleet.Actors.Props.Create(() => new LocalPolicyPool(policies));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var (name, registration) in _registrations)
        {
            var lane = new PolicyLane(name, registration.Options);
            for (int i = 0; i < registration.Options.Workers; i++)
            {
                var workerName = $"{name}-{i}";
                lane.AddWorker(Context.ActorOf(PolicyWorkerActor.Props(name, registration.Create, workerName), workerName));
            }
            _lanes[name] = lane;
        }
    }

    private void HandlePredict(PredictChunk request)
    {
        if (!_lanes.TryGetValue(request.Policy, out var lane))
        {
            Reply(request, Sender, $"the local pool has no policy '{request.Policy}'; it serves {string.Join(", ", _lanes.Keys)}.");
            return;
        }
        if (!lane.TryEnqueue(new PendingRequest(request, Sender, DateTimeOffset.UtcNow)))
        {
            Reply(request, Sender, $"policy '{request.Policy}' is saturated: {lane.Queued} requests queued (pool.queue-capacity). Add workers or slow the arms.");
            return;
        }
        if (lane.BatchIsFull) Dispatch(lane);
        else if (lane.HasIdleWorker && !Timers.IsTimerActive(lane.Policy))
            Timers.StartSingleTimer(lane.Policy, new FlushLane(lane.Policy), lane.Options.MaxWait);
    }

    private void HandleBatchDone(BatchDone done)
    {
        if (!_lanes.TryGetValue(done.Policy, out var lane)) return;
        lane.OnBatchDone(done.Worker, done.Served, done.Failed);
        Dispatch(lane);
    }

    private void Dispatch(PolicyLane lane)
    {
        var now = DateTimeOffset.UtcNow;
        while (lane.TryTakeBatch(now, out var worker, out var batch)) worker.Tell(batch, Self);
        if (lane.Queued == 0) Timers.Cancel(lane.Policy);
    }

    private void Reply(PredictChunk request, IActorRef replyTo, string error) =>
        replyTo.Tell(new PredictChunkReply(request.RequestId, request.Observation.ArmId, null, error, "local-pool"), Self);

    private sealed record FlushLane(string Policy);
}

/// <summary>A policy the local pool serves: how to make one instance per worker, and its lane options.</summary>
/// <param name="Create">Makes a policy instance; called once per worker when the pool starts.</param>
/// <param name="Options">Workers, queue capacity and batching.</param>
public sealed record PolicyRegistration(Func<IPolicy> Create, LocalPolicyPoolOptions Options);
