namespace Fleet.Actors.Arm;

/// <summary>
/// Decides, tick by tick, when an arm sends an observation to its policy (SmolVLA Algorithm 1, the trigger):
/// when <c>queue size / chunk size &lt;= g</c>, with at most <see cref="AsyncInferenceOptions.MaxInFlight"/>
/// requests outstanding, and never twice for the same observation timestep while the first is in flight.
/// A request unanswered by its deadline frees its slot, so the next poll asks again. A reply from an
/// observation older than the newest chunk already merged is discarded, so replies that overtake each other
/// (or a late answer to an expired request) never pull the plan back in time.
/// In <see cref="InferenceMode.Synchronous"/> mode it sends only when the queue is empty and nothing is in flight.
/// Time is whatever clock the caller passes (a virtual one in simulations). Not thread-safe: one owner.
/// </summary>
public sealed class InferenceTrigger
{
    private readonly List<InferenceRequest> _inFlight = [];
    private long _nextId = 1;
    private long _newestMerged = long.MinValue;

    /// <summary>Creates a trigger for a policy that returns chunks of <paramref name="chunkSize"/> actions.</summary>
    /// <exception cref="ArgumentException">The options are invalid or the chunk size is not positive.</exception>
    public InferenceTrigger(AsyncInferenceOptions options, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        if (chunkSize <= 0)
            throw new ArgumentException($"The policy's chunk size must be positive to compute the send threshold; got {chunkSize}.", nameof(chunkSize));
        ChunkSize = chunkSize;
    }

    /// <summary>The options in effect.</summary>
    public AsyncInferenceOptions Options { get; }

    /// <summary>Actions per chunk, the denominator of the threshold.</summary>
    public int ChunkSize { get; }

    /// <summary>Requests sent and neither answered nor expired.</summary>
    public IReadOnlyList<InferenceRequest> InFlight => _inFlight;

    /// <summary>Requests registered so far.</summary>
    public long SentCount { get; private set; }

    /// <summary>Of those, the must-go ones.</summary>
    public long MustGoCount { get; private set; }

    /// <summary>Requests whose deadline passed unanswered.</summary>
    public long TimeoutCount { get; private set; }

    /// <summary>Replies discarded as outdated.</summary>
    public long DiscardedCount { get; private set; }

    /// <summary>
    /// Expires overdue requests, then says whether to send an observation stamped <paramref name="nextTimestep"/>
    /// given <paramref name="queueSize"/> queued actions. Call <see cref="Register"/> when it is actually sent.
    /// </summary>
    public TriggerDecision Poll(int queueSize, long nextTimestep, TimeSpan now)
    {
        int expired = ExpireOverdue(now);
        bool mustGo = queueSize == 0;
        bool send = Options.Mode == InferenceMode.Synchronous
            ? mustGo && _inFlight.Count == 0
            : _inFlight.Count < Options.MaxInFlight
              && !IsInFlight(nextTimestep)
              && queueSize <= Options.G * ChunkSize;
        return new TriggerDecision(send, send && mustGo, expired);
    }

    /// <summary>Records that an observation stamped <paramref name="observationTimestep"/> was sent at <paramref name="now"/>.</summary>
    public InferenceRequest Register(long observationTimestep, bool mustGo, TimeSpan now)
    {
        var request = new InferenceRequest(_nextId++, observationTimestep, now, now + Options.EffectiveDeadline, mustGo);
        _inFlight.Add(request);
        SentCount++;
        if (mustGo) MustGoCount++;
        return request;
    }

    /// <summary>
    /// Accounts for a reply to the observation stamped <paramref name="observationTimestep"/> (the chunk's start
    /// timestep) and says whether to merge it.
    /// </summary>
    public ReplyVerdict OnReply(long observationTimestep)
    {
        int index = _inFlight.FindIndex(r => r.ObservationTimestep == observationTimestep);
        if (index >= 0) _inFlight.RemoveAt(index);
        if (observationTimestep <= _newestMerged && _newestMerged != long.MinValue)
        {
            DiscardedCount++;
            return ReplyVerdict.DiscardOutdated;
        }
        _newestMerged = observationTimestep;
        return ReplyVerdict.Merge;
    }

    /// <summary>Frees the slots of requests whose deadline is at or before <paramref name="now"/>; returns how many.</summary>
    public int ExpireOverdue(TimeSpan now)
    {
        // A loop rather than RemoveAll(lambda): this runs every tick and must not allocate a closure.
        int removed = 0;
        for (int i = _inFlight.Count - 1; i >= 0; i--)
        {
            if (_inFlight[i].Deadline > now) continue;
            _inFlight.RemoveAt(i);
            removed++;
        }
        TimeoutCount += removed;
        return removed;
    }

    private bool IsInFlight(long timestep)
    {
        foreach (var r in _inFlight)
            if (r.ObservationTimestep == timestep) return true;
        return false;
    }
}
