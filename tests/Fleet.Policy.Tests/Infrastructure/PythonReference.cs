using System.Diagnostics;

namespace Fleet.Policy.Tests.Infrastructure;

/// <summary>Runs the PyTorch reference (tests/reference/act_reference.py) with Debian's /usr/bin/python3.</summary>
public static class PythonReference
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Why the reference cannot run here, or null when /usr/bin/python3 imports torch.</summary>
    public static string? UnavailableReason()
    {
        if (!File.Exists(Python))
            return $"{Python} not found; run scripts/setup-policy.sh to install python3-torch.";
        try
        {
            var (code, _, err) = RunProcess(Python, ["-c", "import torch, torchvision"], TimeSpan.FromSeconds(60));
            return code == 0 ? null : $"{Python} cannot import torch/torchvision ({err.Trim()}); run scripts/setup-policy.sh.";
        }
        catch (Exception e)
        {
            return $"{Python} failed to start: {e.Message}";
        }
    }

    /// <summary>Runs the reference script with <paramref name="args"/>; throws with its stderr when it fails.</summary>
    public static void Run(params string[] args)
    {
        var (code, output, error) = RunProcess(Python, [RepoPaths.ReferenceScript, .. args], TimeSpan.FromMinutes(5));
        if (code != 0)
            throw new InvalidOperationException($"act_reference.py {string.Join(' ', args)} exited with {code}:\n{output}\n{error}");
    }

    public static (int Code, string Output, string Error) RunProcess(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A fact that is skipped, with the reason shown, when the PyTorch reference cannot run.</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute()
    {
        if (PythonReference.UnavailableReason() is { } reason) Skip = reason;
    }
}

/// <summary>A theory that is skipped, with the reason shown, when the PyTorch reference cannot run.</summary>
public sealed class TorchTheoryAttribute : TheoryAttribute
{
    public TorchTheoryAttribute()
    {
        if (PythonReference.UnavailableReason() is { } reason) Skip = reason;
    }
}
