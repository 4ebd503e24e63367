namespace Fleet.Policy.Tensors;

/// <summary>
/// How many threads a kernel may use. The count is fixed at construction (default: one per core) so that
/// results and timings do not depend on what the thread pool happens to do; work is split into at most that
/// many parts. Parts run on the calling thread and on this plan's own <see cref="SpinningTeam"/> of worker threads,
/// which stay awake for a moment between the many short parallel regions of one prediction; a region started while
/// another runs on the same plan (nested or concurrent use) goes to the .NET thread pool instead.
/// </summary>
public sealed class Parallelism
{
    private readonly ParallelOptions _options;
    private readonly SpinningTeam? _team;

    /// <summary>Creates a plan for <paramref name="threadCount"/> threads (at least 1).</summary>
    public Parallelism(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        ThreadCount = threadCount;
        _options = new ParallelOptions { MaxDegreeOfParallelism = threadCount };
        _team = threadCount > 1 && Environment.GetEnvironmentVariable("FLEET_POLICY_NO_SPIN") is null ? new SpinningTeam(threadCount - 1) : null;
    }

    /// <summary>One thread per logical core of this machine.</summary>
    public static Parallelism Default() => new(Environment.ProcessorCount);

    /// <summary>A plan that runs everything on the calling thread.</summary>
    public static Parallelism Single() => new(1);

    /// <summary>Number of threads work is split across.</summary>
    public int ThreadCount { get; }

    /// <summary>Runs <paramref name="body"/> for parts 0..count-1; inline when there is one part or one thread.</summary>
    public void For(int count, Action<int> body)
    {
        if (count <= 1 || ThreadCount == 1)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        if (_team is { } team && team.TryRun(count, body))
            return;
        Parallel.For(0, count, _options, body);
    }
}
