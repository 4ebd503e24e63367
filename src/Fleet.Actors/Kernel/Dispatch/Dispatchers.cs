namespace Fleet.Actors;

/// <summary>The dispatcher ids an actor system knows (<see cref="Props.WithDispatcher"/>).</summary>
public sealed class Dispatchers
{
    /// <summary>The thread-pool dispatcher every actor uses unless told otherwise.</summary>
    public const string DefaultDispatcherId = "default-dispatcher";

    /// <summary>A dedicated thread per actor (for the servo loop and other latency-critical actors).</summary>
    public const string PinnedDispatcherId = "pinned-dispatcher";

    private readonly Dictionary<string, DispatcherOptions> _options;
    private readonly Dictionary<string, MessageDispatcher> _shared = new();

    internal Dispatchers(ActorSystemSettings settings)
    {
        _options = new Dictionary<string, DispatcherOptions>(StringComparer.Ordinal)
        {
            [DefaultDispatcherId] = new(DispatcherKind.ThreadPool, settings.Throughput),
            [PinnedDispatcherId] = new(DispatcherKind.Pinned, settings.Throughput),
        };
        foreach (var (id, options) in settings.Dispatchers) _options[id] = options;
    }

    /// <summary>The ids that can be named in Props.</summary>
    public IReadOnlyCollection<string> Ids => _options.Keys;

    /// <summary>
    /// The dispatcher for <paramref name="id"/>: the shared instance for thread-pool kinds, a new instance for pinned
    /// ones (each actor gets its own thread).
    /// </summary>
    /// <exception cref="ArgumentException">No dispatcher has that id.</exception>
    public MessageDispatcher Lookup(string id)
    {
        if (!_options.TryGetValue(id, out var options))
            throw new ArgumentException($"No dispatcher '{id}'. Known: {string.Join(", ", _options.Keys)}. Add it to ActorSystemSettings.Dispatchers.", nameof(id));
        if (options.Kind == DispatcherKind.Pinned) return new PinnedDispatcher(id, options.Throughput, options.Priority);
        lock (_shared)
        {
            if (!_shared.TryGetValue(id, out var dispatcher))
                _shared[id] = dispatcher = new ThreadPoolDispatcher(id, options.Throughput);
            return dispatcher;
        }
    }
}
