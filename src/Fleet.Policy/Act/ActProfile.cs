using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fleet.Policy.Act;

/// <summary>
/// Wall time per named section of ACT's forward pass (backbone conv by conv, projection, encoder GEMMs, attention,
/// norms, decoder, head), summed over calls, for finding where a prediction's time goes. Enabled by setting the
/// environment variable <c>FLEET_ACT_PROFILE=1</c> before a policy is loaded (<c>fleet policy bench</c> then prints
/// the table); disabled, no timer is read. Sections may be recorded from several threads at once. Besides wall time
/// each section records the CPU time of the thread that ran it (Linux), which on a busy machine is the steadier figure
/// for single-threaded runs (a 2-thread run's partner thread is not counted).
/// </summary>
public sealed partial class ActProfile
{
    /// <summary>The environment variable that turns profiling on when set to <c>1</c>.</summary>
    public const string EnvironmentVariable = "FLEET_ACT_PROFILE";

    private readonly object _gate = new();
    private readonly Dictionary<string, (long Ticks, long CpuNs, int Calls)> _sections = [];
    private readonly List<string> _order = [];

    /// <summary>A profile when <see cref="EnvironmentVariable"/> is <c>1</c>, otherwise null.</summary>
    public static ActProfile? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) == "1" ? new ActProfile() : null;

    /// <summary>Starts timing <paramref name="section"/> on <paramref name="profile"/> (nothing when it is null); dispose to stop.</summary>
    public static Scope Time(ActProfile? profile, string section) => new(profile, section);

    /// <summary>Adds <paramref name="ticks"/> (<see cref="Stopwatch"/> ticks) and <paramref name="cpuNs"/> (thread CPU ns) to <paramref name="section"/>.</summary>
    public void Add(string section, long ticks, long cpuNs)
    {
        lock (_gate)
        {
            if (!_sections.TryGetValue(section, out var total))
                _order.Add(section);
            _sections[section] = (total.Ticks + ticks, total.CpuNs + cpuNs, total.Calls + 1);
        }
    }

    /// <summary>Forgets everything recorded so far (call after a warm-up).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _sections.Clear();
            _order.Clear();
        }
    }

    /// <summary>The sections in first-recorded order with their total wall and thread-CPU milliseconds and call counts.</summary>
    public IReadOnlyList<(string Section, double TotalMs, double CpuMs, int Calls)> Sections()
    {
        lock (_gate)
            return _order.Select(s => (s, _sections[s].Ticks * 1000.0 / Stopwatch.Frequency, _sections[s].CpuNs / 1e6, _sections[s].Calls)).ToList();
    }

    /// <summary>CPU time of the calling thread in ns; 0 where the platform has no per-thread clock.</summary>
    private static long ThreadCpuNs()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        return ClockGetTime(ThreadCpuClock, out var ts) == 0 ? ts.Seconds * 1_000_000_000 + ts.Nanoseconds : 0;
    }

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>A timing in progress; <see cref="Dispose"/> records it.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ActProfile? _profile;
        private readonly string _section;
        private readonly long _start, _cpuStart;

        internal Scope(ActProfile? profile, string section)
        {
            _profile = profile;
            _section = section;
            _start = profile is null ? 0 : Stopwatch.GetTimestamp();
            _cpuStart = profile is null ? 0 : ThreadCpuNs();
        }

        /// <summary>Records the elapsed time since the scope began.</summary>
        public void Dispose() => _profile?.Add(_section, Stopwatch.GetTimestamp() - _start, ThreadCpuNs() - _cpuStart);
    }
}
