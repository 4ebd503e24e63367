namespace Fleet.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/> (bound from <c>fleet.actor</c> in HOCON by the host).</summary>
public sealed record ActorSystemSettings
{
    /// <summary>
    /// User messages an actor handles per turn on the default dispatcher before it yields the thread. 30 as in
    /// Akka: high enough that the per-turn scheduling cost is spread thin, low enough that a flooded actor
    /// delays the others on a 2-core machine by at most ~30 messages.
    /// </summary>
    public int Throughput { get; init; } = 30;

    /// <summary>The scheduler for timers, receive timeouts and backoff; null starts a <see cref="DedicatedThreadScheduler"/> owned by the system.</summary>
    public IScheduler? Scheduler { get; init; }

    /// <summary>How <c>/user</c> supervises the top-level actors; Akka's default strategy unless set.</summary>
    public SupervisorStrategy GuardianStrategy { get; init; } = SupervisorStrategy.DefaultStrategy;

    /// <summary>Extra dispatcher ids beyond <see cref="Dispatchers.DefaultDispatcherId"/> and <see cref="Dispatchers.PinnedDispatcherId"/>.</summary>
    public IReadOnlyDictionary<string, DispatcherOptions> Dispatchers { get; init; } = new Dictionary<string, DispatcherOptions>();

    /// <summary>Phases of coordinated shutdown, in order; <see cref="CoordinatedShutdown.DefaultPhases"/> unless set.</summary>
    public IReadOnlyList<ShutdownPhase>? ShutdownPhases { get; init; }
}
