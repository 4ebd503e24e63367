using Fleet.Node.Cli;

// Entry point of the `fleet` executable; every command is registered in Cli/FleetCli.cs.
return await FleetCli.Build().Parse(args).InvokeAsync();
