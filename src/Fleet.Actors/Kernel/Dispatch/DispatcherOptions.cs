namespace Fleet.Actors;

/// <summary>A dispatcher definition in <see cref="ActorSystemSettings.Dispatchers"/>.</summary>
/// <param name="Kind">Thread pool or a pinned thread per actor.</param>
/// <param name="Throughput">User messages per actor turn.</param>
/// <param name="Priority">Thread priority of pinned threads (ignored for the thread pool).</param>
public sealed record DispatcherOptions(DispatcherKind Kind, int Throughput, ThreadPriority Priority = ThreadPriority.Normal);
