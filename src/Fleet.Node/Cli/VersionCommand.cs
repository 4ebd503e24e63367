using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Fleet.Node.Cli;

/// <summary><c>fleet version</c>: the version, the commit it was built from when known, and the runtime.</summary>
internal static class VersionCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("version", "Print fleet's version, the commit it was built from, and the .NET runtime");
        command.SetAction(result =>
        {
            result.InvocationConfiguration.Output.Write(Describe());
            return 0;
        });
        return command;
    }

    /// <summary>The three lines <c>fleet version</c> prints.</summary>
    public static string Describe()
    {
        var assembly = typeof(VersionCommand).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = informational.IndexOf('+');
        var version = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 ? "unknown" : informational[(plus + 1)..];
        return $"fleet {version}\ncommit {commit}\nruntime {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})\n";
    }
}
