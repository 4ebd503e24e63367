using System.CommandLine;
using Fleet.Node.Config;

namespace Fleet.Node.Cli;

/// <summary>
/// The shared <c>--config FILE</c> option (repeatable, later files override earlier ones) that every
/// long-running command takes, and the one way to turn it into a <see cref="FleetConfig"/>.
/// </summary>
/// <example>
/// <code>
/// var config = ConfigFileOption.AddTo(command);
/// command.SetAction(result => ConfigFileOption.Run(result, () => { var cfg = ConfigFileOption.Load(result, config); …; return 0; }));
/// </code>
/// </example>
internal static class ConfigFileOption
{
    /// <summary>Exit code for a configuration that cannot be loaded.</summary>
    public const int BadConfigExitCode = 2;

    /// <summary>Creates the option.</summary>
    public static Option<string[]> Create() => new("--config", "-c")
    {
        Description = "A HOCON config file over the reference fleet.conf; repeat it to layer several (later wins)",
        HelpName = "FILE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Creates the option and adds it to <paramref name="command"/>.</summary>
    public static Option<string[]> AddTo(Command command)
    {
        var option = Create();
        command.Options.Add(option);
        return option;
    }

    /// <summary>Loads the reference configuration plus the files given with <paramref name="option"/>.</summary>
    /// <exception cref="ConfigException">Any load, resolve or validation error.</exception>
    public static FleetConfig Load(ParseResult result, Option<string[]> option) => ConfigLoader.Load(result.GetValue(option) ?? []);

    /// <summary>Runs <paramref name="body"/>; a <see cref="ConfigException"/> is written to stderr and becomes exit code 2.</summary>
    public static async Task<int> RunAsync(ParseResult result, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"fleet: configuration error: {e.Message}").ConfigureAwait(false);
            return BadConfigExitCode;
        }
    }
}
