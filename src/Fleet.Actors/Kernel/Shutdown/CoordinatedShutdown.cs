using System.Runtime.InteropServices;

namespace Fleet.Actors;

/// <summary>
/// Ordered shutdown of a node: named phases run one after the other, the tasks of a phase concurrently, each
/// phase bounded by its timeout (a phase that times out or fails is reported and shutdown goes on, so a hung
/// camera cannot keep the arms from being held). The last phase terminates the actor system. <see cref="Run"/>
/// is idempotent: every call returns the same report. Trigger it from code, or from SIGINT/SIGTERM with
/// <see cref="RunOnPosixSignals"/>.
/// </summary>
public sealed class CoordinatedShutdown
{
    /// <summary>Stop taking new work: close the admin API for commands, stop consuming from the broker.</summary>
    public const string PhaseStopIntake = "stop-intake";

    /// <summary>Bring every arm to a held, safe position.</summary>
    public const string PhaseHoldArms = "hold-arms";

    /// <summary>Finish and flush episode recordings and journals.</summary>
    public const string PhaseFlushRecordings = "flush-recordings";

    /// <summary>Stop all actors (the system's own task lives here).</summary>
    public const string PhaseStopActors = "stop-actors";

    private readonly object _gate = new();
    private readonly Dictionary<string, List<(string Name, Func<CancellationToken, Task> Run)>> _tasks;
    private Task<ShutdownReport>? _run;

    internal CoordinatedShutdown(ActorSystem system, IReadOnlyList<ShutdownPhase> phases)
    {
        if (phases.Count == 0) throw new ArgumentException("Coordinated shutdown needs at least one phase.", nameof(phases));
        var duplicate = phases.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Shutdown phase '{duplicate.Key}' is listed twice.", nameof(phases));
        Phases = phases;
        _tasks = phases.ToDictionary(p => p.Name, _ => new List<(string, Func<CancellationToken, Task>)>());
        AddTask(phases[^1].Name, "terminate-actor-system", _ => system.Terminate());
    }

    /// <summary>Fleet's phases: stop-intake 5 s, hold-arms 5 s, flush-recordings 30 s, stop-actors 10 s.</summary>
    public static IReadOnlyList<ShutdownPhase> DefaultPhases { get; } =
    [
        new(PhaseStopIntake, TimeSpan.FromSeconds(5)),
        new(PhaseHoldArms, TimeSpan.FromSeconds(5)),
        new(PhaseFlushRecordings, TimeSpan.FromSeconds(30)),
        new(PhaseStopActors, TimeSpan.FromSeconds(10)),
    ];

    /// <summary>The phases, in the order they run.</summary>
    public IReadOnlyList<ShutdownPhase> Phases { get; }

    /// <summary>The reason of the first <see cref="Run"/>, or null when it has not run.</summary>
    public ShutdownReason? Reason { get; private set; }

    /// <summary>
    /// Adds a task to a phase. It receives a token that is cancelled when the phase times out.
    /// </summary>
    /// <exception cref="ArgumentException">No phase has that name.</exception>
    /// <exception cref="InvalidOperationException">Shutdown has already started.</exception>
    public void AddTask(string phase, string name, Func<CancellationToken, Task> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (!_tasks.TryGetValue(phase, out var list))
                throw new ArgumentException($"Unknown shutdown phase '{phase}'. Phases: {string.Join(", ", Phases.Select(p => p.Name))}.", nameof(phase));
            if (_run is not null) throw new InvalidOperationException($"Cannot add shutdown task '{name}': shutdown already started ({Reason?.Description}).");
            list.Add((name, task));
        }
    }

    /// <summary>Runs all phases once; later calls return the first call's task.</summary>
    public Task<ShutdownReport> Run(ShutdownReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            if (_run is not null) return _run;
            Reason = reason;
            return _run = Task.Run(() => RunPhasesAsync(reason));
        }
    }

    /// <summary>
    /// Runs shutdown on SIGINT (Ctrl-C) and SIGTERM instead of letting the runtime kill the process at once. The
    /// process keeps running until the host, having awaited <see cref="Run"/>, exits. Dispose to unregister.
    /// </summary>
    public IDisposable RunOnPosixSignals()
    {
        var registrations = new List<PosixSignalRegistration>
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => OnSignal(ctx, ShutdownReason.SigInt)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => OnSignal(ctx, ShutdownReason.SigTerm)),
        };
        return new Registrations(registrations);
    }

    private void OnSignal(PosixSignalContext context, ShutdownReason reason)
    {
        context.Cancel = true;
        _ = Run(reason);
    }

    private async Task<ShutdownReport> RunPhasesAsync(ShutdownReason reason)
    {
        var reports = new List<PhaseReport>();
        foreach (var phase in Phases)
        {
            List<(string Name, Func<CancellationToken, Task> Run)> tasks;
            lock (_gate) tasks = [.. _tasks[phase.Name]];
            reports.Add(await RunPhaseAsync(phase, tasks).ConfigureAwait(false));
        }
        return new ShutdownReport(reason, reports);
    }

    private static async Task<PhaseReport> RunPhaseAsync(ShutdownPhase phase, List<(string Name, Func<CancellationToken, Task> Run)> tasks)
    {
        using var timeout = new CancellationTokenSource(phase.Timeout);
        var running = tasks.Select(t => (t.Name, Task: Start(t.Run, timeout.Token))).ToList();
        try
        {
            await Task.WhenAll(running.Select(r => r.Task)).WaitAsync(phase.Timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await timeout.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Failures are reported per task below; shutdown continues.
        }
        var timedOut = running.Where(r => !r.Task.IsCompleted).Select(r => r.Name).ToList();
        var failed = running.Where(r => r.Task.IsFaulted).Select(r => $"{r.Name}: {r.Task.Exception!.InnerException?.Message}").ToList();
        return new PhaseReport(phase.Name, running.Select(r => r.Name).ToList(), timedOut, failed);
    }

    private static Task Start(Func<CancellationToken, Task> run, CancellationToken token)
    {
        try
        {
            return run(token);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
        }
    }
}
