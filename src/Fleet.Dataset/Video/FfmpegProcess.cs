using System.Diagnostics;

namespace Fleet.Dataset.Video;

/// <summary>INTERNAL API. Starts ffmpeg/ffprobe child processes and turns failures into errors that name the command and the tool's own reason.</summary>
internal static class FfmpegProcess
{
    /// <summary>Starts <paramref name="tool"/> with redirected streams.</summary>
    /// <exception cref="InvalidOperationException">The tool is not installed (says how to install it).</exception>
    public static Process Start(string tool, IEnumerable<string> args, bool redirectInput)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            return Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {tool}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed or not on PATH ({e.Message}); install Debian's ffmpeg (scripts/setup-dataset.sh).", e);
        }
    }

    /// <summary>Runs a tool to completion and returns stdout; a non-zero exit throws with stderr.</summary>
    /// <exception cref="IOException">The tool failed; the message holds its command line and stderr.</exception>
    public static async Task<string> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        using var process = Start(tool, args, redirectInput: false);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new IOException($"{tool} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {Tail(await stderr.ConfigureAwait(false))}");
        return await stdout.ConfigureAwait(false);
    }

    /// <summary>The last lines of a tool's stderr, enough to say why it failed.</summary>
    public static string Tail(string text) => text.Length <= 800 ? text.Trim() : "…" + text[^800..].Trim();
}
