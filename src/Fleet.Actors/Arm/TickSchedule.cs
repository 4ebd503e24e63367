namespace Fleet.Actors.Arm;

/// <summary>
/// Drift-free tick arithmetic: tick <c>k</c> is due at <c>start + k·frequency/fps</c> in integer clock ticks,
/// computed from the start every time, so rounding and sleep errors never accumulate (a loop that sleeps
/// "one period" after each tick drifts by its overhead every tick). When the caller falls behind, the
/// deadlines it missed are skipped, not executed in a burst, and counted as overruns.
/// </summary>
public sealed class TickSchedule
{
    /// <summary>Creates a schedule.</summary>
    /// <param name="start">Clock reading at which tick 0 is due.</param>
    /// <param name="fps">Ticks per second; must be positive.</param>
    /// <param name="clockFrequency">Clock ticks per second (<see cref="System.Diagnostics.Stopwatch.Frequency"/> for real time).</param>
    public TickSchedule(long start, double fps, long clockFrequency)
    {
        if (!(fps > 0) || double.IsInfinity(fps))
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "An arm's fps must be a positive number (30 for an SO-101).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockFrequency);
        Start = start;
        Fps = fps;
        ClockFrequency = clockFrequency;
        // fps as an exact fraction num/den keeps 29.97-style rates drift-free too.
        (_fpsNumerator, _fpsDenominator) = ToFraction(fps);
    }

    private readonly long _fpsNumerator;
    private readonly long _fpsDenominator;

    /// <summary>Clock reading at which tick 0 is due.</summary>
    public long Start { get; }

    /// <summary>Ticks per second.</summary>
    public double Fps { get; }

    /// <summary>Clock ticks per second.</summary>
    public long ClockFrequency { get; }

    /// <summary>The nominal period in clock ticks (rounded; use <see cref="Deadline"/> for exact times).</summary>
    public double PeriodClockTicks => ClockFrequency / Fps;

    /// <summary>Clock reading at which tick <paramref name="index"/> is due.</summary>
    public long Deadline(long index) =>
        Start + (long)((Int128)index * ClockFrequency * _fpsDenominator / _fpsNumerator);

    /// <summary>The first tick index whose deadline is at or after <paramref name="now"/>.</summary>
    public long FirstIndexAtOrAfter(long now)
    {
        if (now <= Start) return 0;
        long index = (long)((Int128)(now - Start) * _fpsNumerator / ((Int128)ClockFrequency * _fpsDenominator));
        while (Deadline(index) < now) index++;
        return index;
    }

    /// <summary>
    /// After finishing tick <paramref name="current"/> at clock reading <paramref name="now"/>: the next tick to
    /// run and how many deadlines were missed on the way (overruns). A tick finished in time yields
    /// <c>current + 1</c> and 0 skipped.
    /// </summary>
    public TickPlan Next(long current, long now)
    {
        long next = Math.Max(current + 1, FirstIndexAtOrAfter(now));
        return new TickPlan(next, Deadline(next), next - current - 1);
    }

    private static (long Numerator, long Denominator) ToFraction(double fps)
    {
        for (long den = 1; den <= 1_000_000; den *= 10)
        {
            double num = fps * den;
            if (Math.Abs(num - Math.Round(num)) < 1e-9 * den) return ((long)Math.Round(num), den);
        }
        return ((long)Math.Round(fps * 1_000_000), 1_000_000);
    }
}

/// <summary>The next tick to run.</summary>
/// <param name="Index">Its index.</param>
/// <param name="Deadline">When it is due, in clock ticks.</param>
/// <param name="Skipped">Deadlines missed since the previous tick: overruns.</param>
public readonly record struct TickPlan(long Index, long Deadline, long Skipped);
