using System.CommandLine;

namespace Fleet.Node.Cli;

/// <summary>
/// The root of the <c>fleet</c> command tree. Each palette lives in its own <c>…Commands.cs</c> file and
/// contributes its commands here, one line each.
/// </summary>
internal static class FleetCli
{
    /// <summary>Builds the whole command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Fleet: an actor-model controller for many SO-101 robot arms.");
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(ConfigCommands.Create());
        root.Subcommands.Add(CameraCommands.Create());
        root.Subcommands.Add(PolicyCommands.Create());
        root.Subcommands.Add(BusCommands.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(TeleopCommand.Create());
        root.Subcommands.Add(SimCommands.Create());
        root.Subcommands.Add(DatasetCommands.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        return root;
    }
}
