namespace Fleet.Cluster.Pool;

/// <summary>What a <see cref="RemotePolicyPool"/> did; thread-safe monotonic counters.</summary>
public sealed class RemotePoolCounters
{
    private long _sent, _answered, _late, _expired, _overloaded, _unavailable, _busy, _malformed;

    /// <summary>Requests published to a policy's queue.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Replies delivered to the arm that asked.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Replies discarded because their request had expired or was superseded.</summary>
    public long LateDiscarded => Interlocked.Read(ref _late);

    /// <summary>Requests whose deadline passed without a reply.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Requests refused by a full request queue or a policy nobody serves.</summary>
    public long Overloaded => Interlocked.Read(ref _overloaded);

    /// <summary>Requests failed because the broker was unreachable.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>Requests refused because the arm already had one in flight.</summary>
    public long RefusedInFlight => Interlocked.Read(ref _busy);

    /// <summary>Reply messages that could not be decoded.</summary>
    public long MalformedReplies => Interlocked.Read(ref _malformed);

    internal void CountSent() => Interlocked.Increment(ref _sent);
    internal void CountAnswered() => Interlocked.Increment(ref _answered);
    internal void CountLate() => Interlocked.Increment(ref _late);
    internal void CountExpired() => Interlocked.Increment(ref _expired);
    internal void CountOverloaded() => Interlocked.Increment(ref _overloaded);
    internal void CountUnavailable() => Interlocked.Increment(ref _unavailable);
    internal void CountRefusedInFlight() => Interlocked.Increment(ref _busy);
    internal void CountMalformed() => Interlocked.Increment(ref _malformed);

    /// <inheritdoc />
    public override string ToString() =>
        $"sent {Sent}, answered {Answered}, late {LateDiscarded}, expired {Expired}, overloaded {Overloaded}, " +
        $"broker unavailable {Unavailable}, refused (in flight) {RefusedInFlight}, malformed replies {MalformedReplies}";
}
