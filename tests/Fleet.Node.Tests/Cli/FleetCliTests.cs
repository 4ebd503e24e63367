using System.CommandLine;
using Fleet.Node.Cli;

namespace Fleet.Node.Tests.Cli;

public class FleetCliTests
{
    private static IEnumerable<(string Path, Command Command)> All(Command command, string path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
            foreach (var item in All(sub, $"{path} {sub.Name}")) yield return item;
    }

    [Fact]
    public void Build_EveryCommand_HasAOneLineDescription()
    {
        var missing = All(FleetCli.Build(), "fleet")
            .Where(c => string.IsNullOrWhiteSpace(c.Command.Description) || c.Command.Description.Contains('\n'))
            .Select(c => c.Path)
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Build_EveryOption_HasADescription()
    {
        var missing = All(FleetCli.Build(), "fleet")
            .SelectMany(c => c.Command.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)).Select(o => $"{c.Path} {o.Name}"))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Build_ConfigPalette_IsRegistered()
    {
        var root = FleetCli.Build();
        Assert.Contains(root.Subcommands, c => c.Name == "version");
        var config = Assert.Single(root.Subcommands, c => c.Name == "config");
        var print = Assert.Single(config.Subcommands, c => c.Name == "print");
        Assert.Equal(["--config", "--json", "--origin"], print.Options.Select(o => o.Name).Where(n => n.StartsWith("--")).Order());
    }
}
