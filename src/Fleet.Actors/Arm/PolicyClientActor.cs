using System.Diagnostics;
using Fleet.Messages;

namespace Fleet.Actors.Arm;

/// <summary>
/// The arm's side of asynchronous chunked inference (SmolVLA paper, Algorithm 1, through <see cref="InferenceTrigger"/>):
/// on every <see cref="ServoState"/> it polls the trigger; when a request is due it asks the observation filter for an
/// observation, sends it to the policy pool as <see cref="PredictChunk"/> (at most max-in-flight outstanding), and
/// passes accepted replies to the action queue. Requests past their deadline free their slot and are asked again.
/// </summary>
/// <remarks>
/// Policy unreachable: after <see cref="ArmSettings.PolicyAlarmAfter"/> timeouts or error replies in a row it raises
/// the policy-unreachable alarm (event stream and arm status). The queue keeps draining meanwhile, then the servo
/// holds its last goal; the first good chunk clears the alarm. A held arm sends nothing (intake stopped).
/// </remarks>
public sealed class PolicyClientActor : ReceiveActor
{
    private readonly ArmSettings _settings;
    private readonly IActorRef _pool;
    private readonly IActorRef _filter;
    private readonly IActorRef _queue;
    private readonly InferenceTrigger _trigger;
    private readonly LatencyHistogram _latency = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Dictionary<long, TimeSpan> _sentAt = new();
    private AssembleObservation? _assembling;
    private long _chunks, _errors, _failuresInRow;
    private TimeSpan _forwardedAt;
    private TimeSpan _lastLatency;
    private string? _alarm;

    private PolicyClientActor(ArmSettings settings, IActorRef pool, IActorRef filter, IActorRef queue)
    {
        _settings = settings;
        _pool = pool;
        _filter = filter;
        _queue = queue;
        _trigger = new InferenceTrigger(settings.Inference, settings.ChunkSize);
        Receive<ServoState>(HandleState);
        Receive<ObservationAssembled>(HandleAssembled);
        Receive<PredictChunkReply>(HandleReply);
    }

    /// <summary>Props for the policy client of an arm.</summary>
    /// <param name="settings">The arm.</param>
    /// <param name="pool">The policy pool (local or remote) that answers <see cref="PredictChunk"/>.</param>
    /// <param name="filter">The arm's observation filter.</param>
    /// <param name="queue">The arm's action queue actor.</param>
    public static Props Props(ArmSettings settings, IActorRef pool, IActorRef filter, IActorRef queue) =>
        Fleet.Actors.Props.Create(() => new PolicyClientActor(settings, pool, filter, queue));

    private TimeSpan Now => Stopwatch.GetElapsedTime(_started);

    private void HandleState(ServoState state)
    {
        long timeoutsBefore = _trigger.TimeoutCount;
        var decision = _trigger.Poll(state.QueueCount, state.NextTimestep, Now);
        if (_trigger.TimeoutCount > timeoutsBefore) OnFailures(_trigger.TimeoutCount - timeoutsBefore, "no chunk came back before the deadline");
        if (!decision.Send || state.Holding || _assembling is not null || MergePending(state)) return;
        _assembling = new AssembleObservation(state.NextTimestep, decision.MustGo);
        _filter.Tell(_assembling, Self);
    }

    // A chunk handed to the queue reaches the tick's merge a little later; until a state shows it, the queue count in
    // the states is stale and would trigger a second request for actions already on their way. A chunk the queue
    // refused never shows up, so the wait ends after a deadline.
    private bool MergePending(ServoState state) =>
        state.ChunksMerged < _chunks && Now - _forwardedAt < _settings.Inference.EffectiveDeadline;

    private void HandleAssembled(ObservationAssembled assembled)
    {
        var asked = _assembling;
        _assembling = null;
        if (assembled.Observation is not { } observation || asked is null) return;
        var now = Now;
        var request = _trigger.Register(observation.Timestep, observation.MustGo, now);
        _sentAt[request.Id] = now;
        var deadline = DateTimeOffset.UtcNow + _settings.Inference.EffectiveDeadline;
        _pool.Tell(new PredictChunk(request.Id, _settings.Policy, observation, deadline), Self);
    }

    private void HandleReply(PredictChunkReply reply)
    {
        if (_sentAt.Remove(reply.RequestId, out var sentAt))
        {
            _lastLatency = Now - sentAt;
            _latency.Record((long)_lastLatency.TotalMicroseconds);
        }
        PruneSentTimes();
        if (reply.Chunk is not { } chunk)
        {
            _errors++;
            OnFailures(1, reply.Error ?? "the pool answered without a chunk");
            return;
        }
        if (_trigger.OnReply(chunk.StartTimestep) == ReplyVerdict.DiscardOutdated)
        {
            PushStats();
            return;
        }
        _queue.Tell(new EnqueueChunk(chunk), Self);
        _chunks++;
        _forwardedAt = Now;
        _failuresInRow = 0;
        if (_alarm is not null) SetAlarm(null);
        PushStats();
    }

    private void OnFailures(long count, string why)
    {
        _failuresInRow += count;
        if (_failuresInRow >= _settings.PolicyAlarmAfter && _alarm is null)
            SetAlarm($"Arm '{_settings.ArmId}': policy '{_settings.Policy}' unreachable ({_failuresInRow} requests in a row failed; last: {why}). " +
                     "The arm drains its queue, then holds its position. Check the policy pool (fleet policy pool).");
        PushStats();
    }

    private void SetAlarm(string? alarm)
    {
        var raised = alarm is not null;
        var message = alarm ?? $"Arm '{_settings.ArmId}': policy '{_settings.Policy}' answers again.";
        _alarm = alarm;
        Context.System.EventStream.Publish(new ArmAlarm(_settings.ArmId, "policy-unreachable", message, raised));
    }

    private void PushStats() => Context.Parent.Tell(new PolicyClientStats(
        _chunks, _trigger.SentCount, _trigger.TimeoutCount, _errors, _trigger.DiscardedCount,
        TimeSpan.FromMicroseconds(_latency.Percentile(50)), _lastLatency, _alarm)
    {
        LatencyHistogram = HistogramBuckets.From(_latency, HistogramBuckets.LatencyBounds),
    }, Self);

    // Requests that expired never get a reply; forget their send times once they are long past.
    private void PruneSentTimes()
    {
        if (_sentAt.Count < 64) return;
        var horizon = Now - 4 * _settings.Inference.EffectiveDeadline;
        foreach (var (id, at) in _sentAt.ToList())
            if (at < horizon) _sentAt.Remove(id);
    }
}
