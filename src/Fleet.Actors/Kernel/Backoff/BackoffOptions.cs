namespace Fleet.Actors;

/// <summary>
/// How a <see cref="BackoffSupervisor"/> re-creates its child: after a failure (<see cref="CreateOnFailure"/>) or
/// after the child stopped (<see cref="CreateOnStop"/>), with a delay of
/// <c>min(maxBackoff, minBackoff × 2^n) × (1 + r × randomFactor)</c> for the n-th consecutive restart, r uniform in [0, 1).
/// As in Akka, the random part is applied after the cap, so a delay may exceed <c>maxBackoff</c> by up to
/// <c>randomFactor</c>. Jitter keeps many children (one per arm) from retrying a shared resource in lock step.
/// </summary>
public sealed record BackoffOptions
{
    private BackoffOptions(bool onFailure, Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor)
    {
        ArgumentNullException.ThrowIfNull(childProps);
        ArgumentException.ThrowIfNullOrEmpty(childName);
        if (minBackoff <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(minBackoff), minBackoff, "minBackoff must be positive.");
        if (maxBackoff < minBackoff) throw new ArgumentOutOfRangeException(nameof(maxBackoff), maxBackoff, $"maxBackoff must be at least minBackoff ({minBackoff}).");
        if (randomFactor is < 0 or > 1 || double.IsNaN(randomFactor)) throw new ArgumentOutOfRangeException(nameof(randomFactor), randomFactor, "randomFactor must be within [0, 1].");
        OnFailure = onFailure;
        ChildProps = childProps;
        ChildName = childName;
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
        RandomFactor = randomFactor;
    }

    /// <summary>True: re-create after the child fails; false: after it stops.</summary>
    public bool OnFailure { get; }

    /// <summary>How to build the child.</summary>
    public Props ChildProps { get; }

    /// <summary>The child's name (the same for every incarnation).</summary>
    public string ChildName { get; }

    /// <summary>Delay before the first re-creation.</summary>
    public TimeSpan MinBackoff { get; }

    /// <summary>Cap of the exponential part.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>Jitter: each delay is stretched by up to this fraction.</summary>
    public double RandomFactor { get; }

    /// <summary>When set, the restart count returns to 0 once a child has run this long without failing.</summary>
    public TimeSpan? AutoReset { get; private init; }

    /// <summary>When true, only a <see cref="BackoffSupervisor.Reset"/> message (usually from the child) resets the count.</summary>
    public bool ManualReset { get; private init; }

    /// <summary>After this many consecutive re-creations the supervisor gives up and stops; null for no limit.</summary>
    public int? MaxNrOfRetries { get; private init; }

    /// <summary>The strategy for the child's failures; in on-failure mode a Restart decision becomes stop-and-re-create-later.</summary>
    public SupervisorStrategy Strategy { get; private init; } = SupervisorStrategy.DefaultStrategy;

    /// <summary>Re-create the child with backoff after it throws (the decider said Restart).</summary>
    public static BackoffOptions CreateOnFailure(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(true, childProps, childName, minBackoff, maxBackoff, randomFactor);

    /// <summary>Re-create the child with backoff after it stops (e.g. it stopped itself when its device vanished).</summary>
    public static BackoffOptions CreateOnStop(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(false, childProps, childName, minBackoff, maxBackoff, randomFactor);

    /// <summary>Resets the count once a child has lived <paramref name="resetBackoff"/> (measured on the system scheduler).</summary>
    public BackoffOptions WithAutoReset(TimeSpan resetBackoff)
    {
        if (resetBackoff <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(resetBackoff), resetBackoff, "resetBackoff must be positive.");
        return this with { AutoReset = resetBackoff, ManualReset = false };
    }

    /// <summary>Resets the count only on <see cref="BackoffSupervisor.Reset"/>.</summary>
    public BackoffOptions WithManualReset() => this with { ManualReset = true, AutoReset = null };

    /// <summary>Gives up after <paramref name="maxNrOfRetries"/> consecutive re-creations.</summary>
    public BackoffOptions WithMaxNrOfRetries(int maxNrOfRetries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxNrOfRetries);
        return this with { MaxNrOfRetries = maxNrOfRetries };
    }

    /// <summary>Uses <paramref name="strategy"/>'s decider for the child's failures.</summary>
    public BackoffOptions WithSupervisorStrategy(OneForOneStrategy strategy) => this with { Strategy = strategy ?? throw new ArgumentNullException(nameof(strategy)) };

    /// <summary>The delay before restart number <paramref name="restartCount"/> (0-based) for a random draw <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan CalculateDelay(int restartCount, double random)
    {
        var exponential = restartCount >= 30 ? MaxBackoff : TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks * Math.Pow(2, restartCount)));
        return TimeSpan.FromTicks((long)(exponential.Ticks * (1 + random * RandomFactor)));
    }
}
