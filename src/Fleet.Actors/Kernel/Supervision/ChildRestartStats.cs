namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: restarts of one child counted in a sliding-from-first-restart window, as Akka does. Owned by the
/// parent and touched only on the parent's turn.
/// </summary>
internal struct ChildRestartStats
{
    private int _count;
    private TimeSpan? _windowStart;

    /// <summary>Restarts granted so far (for introspection).</summary>
    internal readonly int Count => _count;

    /// <summary>Records one more restart and says whether it stays within <paramref name="max"/> per <paramref name="window"/>.</summary>
    internal bool RequestPermission(int max, TimeSpan window, TimeSpan now)
    {
        if (max == 0) return false;
        var start = _windowStart ??= now;
        if (now - start <= window)
        {
            _count++;
            return _count <= max;
        }
        // The window expired: this restart opens a new window.
        _count = 1;
        _windowStart = now;
        return true;
    }
}
