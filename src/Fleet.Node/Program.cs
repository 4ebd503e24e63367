using System.CommandLine;
using Fleet.Node.Cli;

// Entry point of the `fleet` executable; every command is registered in Cli/FleetCli.cs.
// Ctrl-C and SIGTERM belong to the generic host of long-running commands (Hosting/FleetHost.cs), which runs
// the shutdown phases of fleet.shutdown; System.CommandLine's own handler would end the process after a
// fixed 2-second grace, cutting those phases short, so it is switched off.
return await FleetCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
