using System.CommandLine;
using Fleet.Node.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Node.Cli;

/// <summary>
/// Wires a command that runs until stopped: it gets the shared <c>--config</c> option, loads the
/// configuration (exit code 2 with the error on stderr when it is bad), builds a <see cref="FleetHost"/>,
/// and runs the work until it ends or Ctrl-C / SIGTERM stops it gracefully.
/// </summary>
/// <example>
/// <code>
/// var run = new Command("run", "Drive the configured arms until stopped");
/// LongRunningCommand.Configure(run, async (host, ct) => { …; await Task.Delay(Timeout.Infinite, ct); });
/// </code>
/// </example>
internal static class LongRunningCommand
{
    /// <summary>Adds <c>--config</c> to <paramref name="command"/> and sets its action.</summary>
    /// <param name="command">The command to wire.</param>
    /// <param name="work">The command's work; its token is cancelled once the stop hooks have run. Register stop hooks on <see cref="FleetHost.Hooks"/> before awaiting.</param>
    /// <param name="services">Optional extra services for the host.</param>
    /// <returns>The <c>--config</c> option, for commands that want to read it themselves.</returns>
    public static Option<string[]> Configure(Command command, Func<FleetHost, CancellationToken, Task> work, Action<IServiceCollection>? services = null)
    {
        var config = ConfigFileOption.AddTo(command);
        command.SetAction((result, ct) => ConfigFileOption.RunAsync(result, async () =>
        {
            var loaded = ConfigFileOption.Load(result, config);
            await using var host = FleetHost.Create(loaded, services);
            return await host.RunAsync((_, stopping) => work(host, stopping), ct).ConfigureAwait(false);
        }));
        return config;
    }
}
