using System.CommandLine;
using Fleet.Node.Config;
using Fleet.Node.Fleets;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet run --config FILE</c>: builds the arms of <c>fleet.arms</c> and their policies, runs them until Ctrl-C or
/// SIGTERM, then shuts down in phases (stop intake, hold arms and apply the torque policy, flush, stop actors).
/// With <c>fleet.cluster.enabled</c> the node joins the cluster (<see cref="NodeCluster"/>): its arms use the remote pool
/// when <c>fleet.policy.placement = "cluster"</c>, and the role <c>policy</c> makes it serve <c>fleet.policies</c> too.
/// Exit codes: 0 after a clean shutdown, 2 for a configuration mistake (the message names the arm, key and fix), 3 when
/// the broker did not answer within <c>fleet.cluster.connect-timeout</c>.
/// </summary>
internal static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var run = new Command("run", "Run the arms of the configuration until Ctrl-C or SIGTERM.");
        var config = ConfigFileOption.AddTo(run);
        run.SetAction((parseResult, cancellationToken) => ConfigFileOption.RunAsync(parseResult, async () =>
        {
            var merged = ConfigFileOption.Load(parseResult, config);
            var refresh = merged.GetDuration("fleet.demo.refresh");
            Config.Options.AdminOptions.FromConfig(merged); // refuse an unprotected admin API before any arm moves
            FleetRuntime runtime;
            try
            {
                runtime = await FleetRuntime.StartAsync(merged, null, cancellationToken);
            }
            catch (BrokerUnreachableException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"fleet: {e.Message}");
                return ClusterCommands.BrokerUnreachable;
            }
            await using var _ = runtime;
            await FleetSession.RunAsync(runtime, null, refresh, parseResult.InvocationConfiguration.Output, cancellationToken, merged);
            return 0;
        }));
        return run;
    }
}
