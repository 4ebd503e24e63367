using System.Runtime.InteropServices;

namespace Fleet.Benchmarks.Hardware;

/// <summary>
/// Puts the calling thread under SCHED_FIFO (what a robot controller would use) or back to SCHED_OTHER. Threads it
/// creates afterwards inherit the policy (glibc's default PTHREAD_INHERIT_SCHED). Needs root or CAP_SYS_NICE.
/// </summary>
internal static partial class RealtimeScheduling
{
    private const int SchedOther = 0;
    private const int SchedFifo = 1;

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int pid, int policy, in int priority);

    /// <summary>Switches the calling thread to SCHED_FIFO at <paramref name="priority"/>; false when not permitted.</summary>
    public static bool TryEnable(int priority = 50) => SetScheduler(0, SchedFifo, priority) == 0;

    /// <summary>Returns the calling thread to the normal time-sharing policy.</summary>
    public static void Disable() => SetScheduler(0, SchedOther, 0);
}
