using System.Diagnostics;

namespace Fleet.Actors.Arm;

/// <summary>
/// Real time from <see cref="Stopwatch"/>. Waiting sleeps while more than <see cref="SpinThreshold"/> remains,
/// then yields until the deadline: the OS sleep overshoots by up to a millisecond or so, the short yield loop
/// trades a little CPU for sub-millisecond jitter.
/// </summary>
public sealed class StopwatchTimeSource : ITickTimeSource
{
    /// <summary>Remaining time below which the wait stops sleeping and yields instead.</summary>
    public TimeSpan SpinThreshold { get; init; } = TimeSpan.FromMilliseconds(1.5);

    /// <inheritdoc />
    public long Frequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public long Now => Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public void WaitUntil(long deadline, CancellationToken cancellationToken)
    {
        long spin = (long)(SpinThreshold.TotalSeconds * Frequency);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long remaining = deadline - Now;
            if (remaining <= 0) return;
            if (remaining > spin)
            {
                int ms = (int)((remaining - spin) * 1000 / Frequency);
                if (cancellationToken.WaitHandle.WaitOne(Math.Max(ms, 1))) cancellationToken.ThrowIfCancellationRequested();
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
