using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fleet.Benchmarks.Hardware;

/// <summary>Sleeps until an absolute monotonic deadline with clock_nanosleep (µs precision, no spinning).</summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsTime = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanoSleep(int clock, int flags, in TimeSpec request, IntPtr remaining);

    /// <summary>Sleeps until <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp; on Linux both use CLOCK_MONOTONIC).</summary>
    public static void Until(long deadline)
    {
        var remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining <= 0) return;
        ClockGetTime(ClockMonotonic, out var now);
        var ns = now.Nanoseconds + (long)(remaining * (1e9 / Stopwatch.Frequency));
        var target = new TimeSpec { Seconds = now.Seconds + ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        while (ClockNanoSleep(ClockMonotonic, TimerAbsTime, target, IntPtr.Zero) == 4) { } // EINTR: sleep again
    }
}
