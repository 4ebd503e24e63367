using Fleet.Node.Config.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Hosting;

/// <summary>
/// The hooks a graceful stop runs, grouped by the phases of <c>fleet.shutdown.phases</c> and run phase by
/// phase in that order, each phase bounded by its timeout. This is the seam where the actor kernel's
/// coordinated shutdown connects: register its tasks here (or one hook that runs it).
/// </summary>
public sealed class ShutdownHooks : IHostedService
{
    private readonly ShutdownOptions _options;
    private readonly ILogger<ShutdownHooks> _logger;
    private readonly List<(string Phase, string Name, Func<CancellationToken, Task> Hook)> _hooks = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the registry for the given phases.</summary>
    public ShutdownHooks(ShutdownOptions options, ILogger<ShutdownHooks> logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Adds <paramref name="hook"/> to <paramref name="phase"/>. Hooks of one phase run one after another in
    /// registration order; the token they get is cancelled when the phase's timeout runs out.
    /// </summary>
    /// <exception cref="ArgumentException">The phase is not in <c>fleet.shutdown.phases</c>.</exception>
    public void Register(string phase, string name, Func<CancellationToken, Task> hook)
    {
        if (_options.Phases.All(p => p.Name != phase))
            throw new ArgumentException($"unknown shutdown phase \"{phase}\"; the phases are {string.Join(", ", _options.Phases.Select(p => p.Name))} (fleet.shutdown.phases)", nameof(phase));
        lock (_gate) _hooks.Add((phase, name, hook));
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs every phase in order. A hook that fails or overruns is logged; later phases still run.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<(string Phase, string Name, Func<CancellationToken, Task> Hook)> hooks;
        lock (_gate) hooks = [.. _hooks];
        foreach (var phase in _options.Phases)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(phase.Timeout);
            foreach (var (_, name, hook) in hooks.Where(h => h.Phase == phase.Name))
            {
                try
                {
                    await hook(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    _logger.LogWarning("Shutdown phase {Phase}: hook {Hook} did not finish within {Timeout}; moving on", phase.Name, name, phase.Timeout);
                }
                catch (Exception e)
                {
                    _logger.LogError(e, "Shutdown phase {Phase}: hook {Hook} failed", phase.Name, name);
                }
            }
        }
    }
}
