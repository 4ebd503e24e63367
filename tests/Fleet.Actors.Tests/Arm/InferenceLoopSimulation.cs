using Fleet.Actors.Arm;
using Fleet.Messages;

namespace Fleet.Actors.Tests.Arm;

/// <summary>
/// A discrete-time simulation of one arm's inference loop on a virtual clock (microseconds, no sleeping):
/// every tick delivers the replies due by then, pops the action for the tick, then polls the trigger with the
/// observation stamped <see cref="ActionQueue.NextTimestep"/>. The policy answers after a latency the test
/// chooses (or never, when a request is lost). Action values encode (request id, timestep) so the executed
/// values can be checked against an independent model of the merge rule.
/// </summary>
internal sealed class InferenceLoopSimulation
{
    private readonly List<(long ArrivalMicros, ActionChunk Chunk)> _pending = [];
    private readonly Dictionary<long, float[]> _model = [];
    private readonly Func<InferenceRequest, long?> _latencyMicros;
    private readonly Func<InferenceRequest, int> _replyLength;
    private readonly double _periodMicros;

    public InferenceLoopSimulation(
        AsyncInferenceOptions options, int chunkSize, double fps, int actionDim,
        Func<InferenceRequest, long?> latencyMicros, Func<InferenceRequest, int>? replyLength = null)
    {
        Options = options;
        Queue = new ActionQueue(actionDim, options.EffectiveAggregation, "sim-arm");
        Trigger = new InferenceTrigger(options, chunkSize);
        _latencyMicros = latencyMicros;
        _replyLength = replyLength ?? (_ => chunkSize);
        _periodMicros = 1_000_000.0 / fps;
    }

    public AsyncInferenceOptions Options { get; }
    public ActionQueue Queue { get; }
    public InferenceTrigger Trigger { get; }
    public List<long> Executed { get; } = [];
    public long StarvationAfterFirstChunk { get; private set; }
    public long ChunksMerged { get; private set; }
    public long Tick { get; private set; }
    public bool FirstChunkArrived { get; private set; }

    /// <summary>The value a policy puts in joint <paramref name="joint"/> of timestep <paramref name="t"/> for request <paramref name="id"/>.</summary>
    public static float ValueOf(long id, long t, int joint) => id * 1000f + (t % 1000) + joint * 0.125f;

    /// <summary>Runs ticks until <paramref name="stop"/> says so or <paramref name="maxTicks"/> pass.</summary>
    public void Run(long maxTicks, Func<InferenceLoopSimulation, bool>? stop = null)
    {
        for (long k = 0; k < maxTicks; k++)
        {
            Tick = k;
            long now = (long)(k * _periodMicros);
            DeliverDue(now);
            Execute();
            Observe(now);
            if (stop?.Invoke(this) == true) return;
        }
    }

    private void DeliverDue(long now)
    {
        // Replies due by now, in arrival order (ties in send order).
        var due = _pending.Where(p => p.ArrivalMicros <= now).OrderBy(p => p.ArrivalMicros).ToList();
        _pending.RemoveAll(p => p.ArrivalMicros <= now);
        foreach (var (_, chunk) in due)
        {
            if (Trigger.OnReply(chunk.StartTimestep) != ReplyVerdict.Merge) continue;
            long lastExecutedBefore = Queue.LastExecutedTimestep;
            var queuedBefore = Queue.Snapshot().Select(a => a.Timestep).ToHashSet();
            var outcome = Queue.Merge(chunk);
            ApplyToModel(chunk, lastExecutedBefore);
            var queuedAfter = Queue.Snapshot().Select(a => a.Timestep).ToHashSet();
            if (!queuedBefore.IsSubsetOf(queuedAfter))
                throw new InvalidOperationException($"Merge lost queued actions not covered by chunk {chunk.StartTimestep}.");
            if (outcome.Blended + outcome.Inserted + outcome.DroppedPast != chunk.Length)
                throw new InvalidOperationException("Merge outcome does not account for every chunk action.");
            ChunksMerged++;
            FirstChunkArrived |= !outcome.Stale;
        }
    }

    private void ApplyToModel(ActionChunk chunk, long lastExecuted)
    {
        float w = Options.EffectiveAggregation.NewWeight;
        for (int i = 0; i < chunk.Length; i++)
        {
            long t = chunk.StartTimestep + i;
            if (t <= lastExecuted) continue;
            var incoming = chunk[i].Values.ToArray();
            _model[t] = _model.TryGetValue(t, out var old)
                ? old.Zip(incoming, (o, n) => (1 - w) * o + w * n).ToArray()
                : incoming;
        }
    }

    private void Execute()
    {
        if (!Queue.TryPop(out var action))
        {
            if (_model.Count != 0) throw new InvalidOperationException("Queue reported empty while the model holds actions.");
            if (FirstChunkArrived) StarvationAfterFirstChunk++;
            return;
        }
        long expectedTimestep = _model.Keys.Min();
        if (action.Timestep != expectedTimestep)
            throw new InvalidOperationException($"Executed timestep {action.Timestep}, model expected {expectedTimestep}.");
        var expected = _model[expectedTimestep];
        _model.Remove(expectedTimestep);
        var got = action.Values.Span;
        for (int j = 0; j < expected.Length; j++)
            if (Math.Abs(got[j] - expected[j]) > 1e-4f * Math.Max(1, Math.Abs(expected[j])))
                throw new InvalidOperationException($"Timestep {action.Timestep} joint {j}: executed {got[j]}, model {expected[j]}.");
        Executed.Add(action.Timestep);
    }

    private void Observe(long now)
    {
        long next = Queue.NextTimestep;
        var decision = Trigger.Poll(Queue.Count, next, TimeSpan.FromTicks(now * 10));
        if (!decision.Send) return;
        var request = Trigger.Register(next, decision.MustGo, TimeSpan.FromTicks(now * 10));
        if (_latencyMicros(request) is not { } latency) return; // lost: only the deadline frees its slot
        int length = _replyLength(request);
        int dim = Queue.ActionDim;
        var values = new float[length * dim];
        for (int i = 0; i < length; i++)
            for (int j = 0; j < dim; j++)
                values[i * dim + j] = ValueOf(request.Id, next + i, j);
        _pending.Add((now + latency, new ActionChunk("sim-arm", next, values, dim, DateTimeOffset.UnixEpoch)));
    }
}
