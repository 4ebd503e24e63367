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
        root.Subcommands.Add(WithSubcommand(PolicyCommands.Create(), PolicyPoolCommand.Create()));
        root.Subcommands.Add(BusCommands.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(TeleopCommand.Create());
        root.Subcommands.Add(SimCommands.Create());
        root.Subcommands.Add(DatasetCommands.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ClusterCommands.Create());
        root.Subcommands.Add(ClusterCommands.CreatePolicyNode());
        root.Subcommands.Add(ArmCommands.Create());
        root.Subcommands.Add(ActorCommands.Create());
        root.Subcommands.Add(EpisodeCommands.Create());
        root.Subcommands.Add(LogCommands.Create());
        // `cluster` is pbm's palette: it asks a node (--node) through its admin API.
        root.Subcommands.Add(ClusterAdminCommands.Create());
        root.Subcommands.Add(ShellCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        return root;
    }

    private static Command WithSubcommand(Command palette, Command subcommand)
    {
        palette.Subcommands.Add(subcommand);
        return palette;
    }
}
