namespace Fleet.Actors;

/// <summary>How a dispatcher id is served.</summary>
public enum DispatcherKind
{
    /// <summary>Shared .NET thread pool.</summary>
    ThreadPool,

    /// <summary>One dedicated thread per actor.</summary>
    Pinned,
}

/// <summary>A dispatcher definition in <see cref="ActorSystemSettings.Dispatchers"/>.</summary>
/// <param name="Kind">Thread pool or a pinned thread per actor.</param>
/// <param name="Throughput">User messages per actor turn.</param>
/// <param name="Priority">Thread priority of pinned threads (ignored for the thread pool).</param>
public sealed record DispatcherOptions(DispatcherKind Kind, int Throughput, ThreadPriority Priority = ThreadPriority.Normal);
