using Fleet.Node.Config;
using Fleet.Node.Config.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Hosting;

/// <summary>
/// Runs a long-running command "until stopped" under the generic host: logging from
/// <c>fleet.logging</c> (on stderr), the config and its options as services, Ctrl-C / SIGTERM / SIGQUIT
/// and <see cref="IHostApplicationLifetime.StopApplication"/> all starting the same graceful stop, which
/// runs the <see cref="ShutdownHooks"/> phase by phase and then cancels the work.
/// </summary>
/// <example>
/// <code>
/// await using var host = FleetHost.Create(config);
/// host.Hooks.Register("hold-arms", "arms", ct => arms.HoldAsync(ct));
/// return await host.RunAsync(async (services, ct) => await Task.Delay(Timeout.Infinite, ct), ct);
/// </code>
/// </example>
public sealed class FleetHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly WorkSlot _work;

    private FleetHost(IHost host, WorkSlot work)
    {
        _host = host;
        _work = work;
    }

    /// <summary>The host's services (the <see cref="FleetConfig"/>, <see cref="ShutdownHooks"/>, logging, and what the caller added).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The lifetime: <c>ApplicationStopping</c> fires when a stop begins; <c>StopApplication</c> starts one.</summary>
    public IHostApplicationLifetime Lifetime => _host.Services.GetRequiredService<IHostApplicationLifetime>();

    /// <summary>The shutdown hooks, run phase by phase when the host stops.</summary>
    public ShutdownHooks Hooks => _host.Services.GetRequiredService<ShutdownHooks>();

    /// <summary>Builds a host for <paramref name="config"/>; <paramref name="configureServices"/> may add the command's own services.</summary>
    /// <exception cref="ConfigException">The logging or shutdown sections are invalid.</exception>
    public static FleetHost Create(FleetConfig config, Action<IServiceCollection>? configureServices = null)
    {
        var logging = LoggingOptions.FromConfig(config);
        var shutdown = ShutdownOptions.FromConfig(config);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.UseFleetConsole(logging);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(shutdown);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        // The hooks bound themselves; the host only needs to wait a little longer than all of them.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown.Total + TimeSpan.FromSeconds(5));
        var work = new WorkSlot();
        builder.Services.AddSingleton(work);
        builder.Services.AddHostedService<WorkService>();
        builder.Services.AddSingleton<ShutdownHooks>();
        // Registered after the work service: hosted services stop in reverse order, so hooks run first.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShutdownHooks>());
        configureServices?.Invoke(builder.Services);
        return new FleetHost(builder.Build(), work);
    }

    /// <summary>
    /// Runs <paramref name="work"/> until it returns, or until Ctrl-C, SIGTERM, <see cref="IHostApplicationLifetime.StopApplication"/>
    /// or <paramref name="cancellationToken"/> stops the host. On a stop, the shutdown hooks run first, phase by phase,
    /// while the work is still running (arms can be held and recordings flushed by live actors); only then is the token
    /// given to <paramref name="work"/> cancelled. Returns 0 on a clean stop and 1 when the work failed (the failure is logged).
    /// </summary>
    public async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        _work.Work = work;
        await _host.RunAsync(cancellationToken).ConfigureAwait(false);
        return _work.Failed ? 1 : 0;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable d) return d.DisposeAsync();
        _host.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>INTERNAL API. Carries the command's work into the hosted service.</summary>
    internal sealed class WorkSlot
    {
        public Func<IServiceProvider, CancellationToken, Task>? Work { get; set; }
        public bool Failed { get; set; }
    }

    /// <summary>INTERNAL API. Runs the work; when it ends by itself, the application stops.</summary>
    internal sealed class WorkService(WorkSlot slot, IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<FleetHost> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                if (slot.Work is not null) await slot.Work(services, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // the normal way for work to end when a stop was requested
            }
            catch (Exception e)
            {
                slot.Failed = true;
                logger.LogCritical(e, "The command failed: {Message}", e.Message);
            }
            finally
            {
                lifetime.StopApplication();
            }
        }
    }
}
