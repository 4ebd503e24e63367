using System.CommandLine;
using Fleet.Node.Config;

namespace Fleet.Node.Cli;

/// <summary>The <c>fleet config</c> palette: inspect the merged configuration.</summary>
internal static class ConfigCommands
{
    /// <summary>Builds <c>fleet config</c> with its <c>print</c> subcommand.</summary>
    public static Command Create()
    {
        var config = new Command("config", "Inspect Fleet's configuration (reference fleet.conf merged with your files)");
        config.Subcommands.Add(CreatePrint());
        return config;
    }

    private static Command CreatePrint()
    {
        var print = new Command("print", "Print the merged, resolved configuration (exit code 2 when it is invalid)");
        var files = ConfigFileOption.AddTo(print);
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON document (the whole tree) and nothing else on stdout" };
        var origin = new Option<bool>("--origin") { Description = "Follow every value with a '# file:line' comment saying where it was set (HOCON output)" };
        print.Options.Add(json);
        print.Options.Add(origin);
        print.SetAction((result, ct) => ConfigFileOption.RunAsync(result, async () =>
        {
            var loaded = ConfigFileOption.Load(result, files);
            var text = result.GetValue(json)
                ? ConfigRenderer.ToJson(loaded.Root) + "\n"
                : ConfigRenderer.ToHocon(loaded.Root, result.GetValue(origin));
            await result.InvocationConfiguration.Output.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
            return 0;
        }));
        return print;
    }
}
