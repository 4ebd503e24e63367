namespace Fleet.Actors;

/// <summary>How a dispatcher id is served.</summary>
public enum DispatcherKind
{
    /// <summary>Shared .NET thread pool.</summary>
    ThreadPool,

    /// <summary>One dedicated thread per actor.</summary>
    Pinned,
}
