using System.Diagnostics;
using System.Text;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Recording;

/// <summary>
/// A running `fleet` child process whose output is collected line by line, so a test can wait for a line and then
/// kill the process with SIGKILL (kill -9) in the middle of its work.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();

    private NodeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>stdout and stderr so far, interleaved by line.</summary>
    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    /// <summary>Starts `dotnet fleet.dll ARGS` in <paramref name="workingDirectory"/>.</summary>
    public static NodeProcess Start(string workingDirectory, params string[] args)
    {
        return new NodeProcess(Process.Start(Cli.FleetProcess.StartInfo(workingDirectory, args))!);
    }

    /// <summary>Runs `fleet ARGS` to completion (at most <paramref name="limit"/>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan limit, params string[] args)
    {
        using var node = Start(workingDirectory, args);
        var code = await node.WaitForExitAsync(limit);
        return (code, node.Output);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked as output arrives and every 100 ms) or the process exits.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="limit"/>; the message holds the output.</exception>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (_process.HasExited) throw new InvalidOperationException($"fleet exited ({_process.ExitCode}) before {what}. Output:\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fleet did not reach '{what}' within {limit.TotalSeconds}s. Output:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL, no chance to clean up (child processes such as ffmpeg are left as a crash leaves them).</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the exit and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fleet did not exit within {limit.TotalSeconds}s. Output:\n{Output}");
        }
        _process.WaitForExit(); // drains the asynchronous output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }
}
