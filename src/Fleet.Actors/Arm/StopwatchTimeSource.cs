using System.Diagnostics;

namespace Fleet.Actors.Arm;

/// <summary>
/// Real time from <see cref="Stopwatch"/>. Waiting sleeps in whole milliseconds (the OS timer), then, within
/// <see cref="SpinThreshold"/> of the deadline, yields in a loop. With the default threshold of 0 it never
/// spins: a tick starts up to about a millisecond late but costs no CPU while waiting, which is what many
/// arms on two cores need. Raise it for one arm that wants sub-millisecond start jitter and has a core to spare.
/// </summary>
public sealed class StopwatchTimeSource : ITickTimeSource
{
    /// <summary>Remaining time below which the wait stops sleeping and yields instead.</summary>
    public TimeSpan SpinThreshold { get; init; } = TimeSpan.Zero;

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
                // Without a spin window round up (sleep just past the deadline); with one round down (spin the rest).
                long scaled = (remaining - spin) * 1000;
                int ms = (int)(spin == 0 ? (scaled + Frequency - 1) / Frequency : scaled / Frequency);
                if (cancellationToken.WaitHandle.WaitOne(Math.Max(ms, 1))) cancellationToken.ThrowIfCancellationRequested();
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
