using System.Diagnostics;

namespace Fleet.Policy.Tensors;

/// <summary>
/// Worker threads of one <see cref="Parallelism"/> that keep spinning for a short while after each parallel region, so
/// the next region (microseconds later, inside the same prediction) finds them awake instead of waking a parked
/// thread-pool thread: on a virtual machine an idle vCPU halts, and waking it costs far more than a kernel's join.
/// After <see cref="SpinTime"/> without work a worker blocks; after <see cref="IdleExit"/> it ends, and the team starts
/// it again on the next region, so an idle policy holds no threads. One region runs at a time; a region started while
/// another runs (a nested or concurrent call) is refused with false and the caller runs it another way.
/// </summary>
internal sealed class SpinningTeam
{
    /// <summary>How long a worker spins for the next region before it blocks.</summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(2);

    /// <summary>How long a blocked worker waits for work before its thread ends.</summary>
    public static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(5);

    private readonly int _workers;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private int _busy; // 1 while a region runs
    private int _alive; // worker threads currently running their loop
    private long _generation;
    private Region? _region; // the latest region, published before _generation is bumped

    /// <summary>A team of <paramref name="workers"/> threads besides the caller's.</summary>
    public SpinningTeam(int workers) => _workers = workers;

    /// <summary>
    /// Runs <paramref name="body"/> for 0..count-1, each index exactly once, on the calling thread and the workers;
    /// false (nothing run) when another region is in progress.
    /// </summary>
    /// <exception cref="AggregateException">A body threw; the first exception is inside.</exception>
    public bool TryRun(int count, Action<int> body)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            return false;
        try
        {
            var region = new Region(body, count);
            Volatile.Write(ref _region, region);
            Interlocked.Increment(ref _generation);
            EnsureWorkers(count - 1);
            region.Work();
            var spin = new SpinWait();
            while (Volatile.Read(ref region.Remaining) > 0)
                spin.SpinOnce(sleep1Threshold: -1);
            if (region.Failure is { } failure)
                throw new AggregateException(failure);
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    // One parallel region. A worker that picks up a region late (after it finished) finds no index left to claim.
    private sealed class Region(Action<int> body, int count)
    {
        public int Next;
        public int Remaining = count;
        public Exception? Failure;
        private readonly int _count = count;

        // Claims indices until none are left.
        public void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref Next) - 1) < _count)
            {
                try
                {
                    body(i);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref Failure, e, null);
                }
                finally
                {
                    Interlocked.Decrement(ref Remaining);
                }
            }
        }
    }

    // Wakes parked workers and starts threads that ended while idle, up to the workers this region can use.
    private void EnsureWorkers(int wanted)
    {
        wanted = Math.Min(wanted, _workers);
        lock (_gate)
        {
            while (_alive < wanted)
            {
                _alive++;
                var thread = new Thread(Loop) { IsBackground = true, Name = "fleet-kernel-worker" };
                thread.Start(Interlocked.Read(ref _generation) - 1);
            }
        }
        // Permits only for threads that may be parked, so they never pile up while the workers spin.
        int release = Math.Min(wanted, _workers - _wake.CurrentCount);
        if (release > 0) _wake.Release(release);
    }

    private void Loop(object? start)
    {
        long seen = (long)start!;
        while (true)
        {
            long current = WaitForRegion(seen);
            if (current == seen)
            {
                lock (_gate)
                {
                    // Ends only if no region arrived while it decided to; otherwise it takes that region.
                    if (Interlocked.Read(ref _generation) == seen)
                    {
                        _alive--;
                        return;
                    }
                }
                continue;
            }
            seen = current;
            Volatile.Read(ref _region)?.Work();
        }
    }

    // Spins for SpinTime, then blocks up to IdleExit, for a generation newer than `seen`; returns it (or `seen` on timeout).
    private long WaitForRegion(long seen)
    {
        var clock = Stopwatch.StartNew();
        var spin = new SpinWait();
        while (clock.Elapsed < SpinTime)
        {
            long g = Interlocked.Read(ref _generation);
            if (g != seen) return g;
            spin.SpinOnce(sleep1Threshold: -1);
        }
        while (true)
        {
            long g = Interlocked.Read(ref _generation);
            if (g != seen) return g;
            if (!_wake.Wait(IdleExit))
                return Interlocked.Read(ref _generation);
        }
    }
}
