using System.Diagnostics;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Cli;

/// <summary>Runs the built fleet.dll as a real child process with `dotnet`, from a chosen working directory.</summary>
internal static class FleetProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>`dotnet fleet.dll ARGS` with stdout and stderr redirected (and stdin when asked).</summary>
    public static ProcessStartInfo StartInfo(string? workingDirectory, IEnumerable<string> args, bool redirectInput = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        start.ArgumentList.Add(RepoPaths.FleetDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var start = StartInfo(workingDirectory, args);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
