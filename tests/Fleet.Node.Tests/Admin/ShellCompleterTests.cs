using System.CommandLine;
using Fleet.Node.Cli;

namespace Fleet.Node.Tests.Admin;

/// <summary>Tab completion of `fleet shell` over the real palettes.</summary>
public sealed class ShellCompleterTests
{
    private static ShellCompleter Completer() =>
        new([ArmCommands.Create(), ActorCommands.Create(), LogCommands.Create()], ["help", "exit"]) { ArmIds = ["arm-1", "arm-2", "gripper-7"] };

    [Fact]
    public void Complete_EmptyLine_OffersPalettesAndBuiltins()
    {
        Assert.Equal(["actor", "arm", "exit", "help", "log"], Completer().Complete(""));
    }

    [Fact]
    public void Complete_PartialPalette_OffersMatchesWithTheirCommonPrefix()
    {
        var candidates = Completer().Complete("a");

        Assert.Equal(["actor", "arm"], candidates);
        Assert.Equal("a", ShellCompleter.CommonPrefix(candidates));
        Assert.Equal(["arm"], Completer().Complete("ar"));
    }

    [Fact]
    public void Complete_AfterPalette_OffersCommandsAndItsOptions()
    {
        var candidates = Completer().Complete("arm ");

        Assert.Contains("estop", candidates);
        Assert.Contains("watch", candidates);
        Assert.Contains("--node", candidates);
        Assert.DoesNotContain("hierarchy", candidates);
    }

    [Fact]
    public void Complete_CommandTakingAnArmId_OffersArmIdsAndRecursiveOptions()
    {
        Assert.Equal(["arm-1", "arm-2"], Completer().Complete("arm status ar"));
        Assert.Contains("--json", Completer().Complete("arm status --"));
        Assert.Equal(["--all"], Completer().Complete("arm estop --a"));
    }

    [Fact]
    public void Complete_UnknownPalette_OffersNothing()
    {
        Assert.Empty(Completer().Complete("bogus "));
    }

    [Fact]
    public void Split_QuotedWords_KeepsThemTogether()
    {
        Assert.Equal(["cluster", "down", "node a", ""], ShellWords.Split("cluster down \"node a\" ''"));
    }
}
