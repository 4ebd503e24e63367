using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fleet.Cluster.Tests.Infrastructure;

/// <summary>
/// A whole node as a separate process: the built <c>fleet.dll run --config FILE</c> (or any other fleet command), its
/// output captured, its admin API found from the "admin API … at URL" line it writes on stderr. <see cref="KillHard"/>
/// is kill -9; <see cref="Dispose"/> kills whatever is still running, so a failing test leaves no process behind.
/// </summary>
public sealed partial class FleetNodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<Uri> _admin = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private FleetNodeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet fleet.dll ARGS</c> with <paramref name="env"/>.</summary>
    public static FleetNodeProcess Start(string name, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(PolicyNodeProcess.FleetDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var node = new FleetNodeProcess(name, process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => node._admin.TrySetException(
            new InvalidOperationException($"{name} exited with code {process.ExitCode} before its admin API started:\n{node.Log}")), TaskScheduler.Default);
        return node;
    }

    /// <summary>Runs a short fleet command to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEndAsync(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        using var node = Start("cli", env, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node._process.WaitForExitAsync(timeout.Token);
        node._process.WaitForExit(); // drains the redirected output
        return (node._process.ExitCode, node.Log);
    }

    /// <summary>The admin API's base URL, once the node has started it.</summary>
    public async Task<Uri> AdminAsync(TimeSpan timeout) => await _admin.Task.WaitAsync(timeout);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var url = new Uri(await AdminAsync(TimeSpan.FromSeconds(60)), path);
        using var response = await _http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{Name} GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> PostJsonAsync(string path)
    {
        var url = new Uri(await AdminAsync(TimeSpan.FromSeconds(60)), path);
        using var response = await _http.PostAsync(url, null);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{Name} POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every arm of the node by id (GET /api/arms).</summary>
    public async Task<Dictionary<string, JsonElement>> ArmsAsync() =>
        (await GetJsonAsync("api/arms")).EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);

    /// <summary>The sum of every sample of metric <paramref name="name"/> on /metrics.</summary>
    public async Task<double> MetricAsync(string name)
    {
        var url = new Uri(await AdminAsync(TimeSpan.FromSeconds(60)), "metrics");
        var text = await _http.GetStringAsync(url);
        return text.Split('\n')
            .Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>Sends SIGTERM, as systemd or an operator's <c>kill</c> does: the node runs its coordinated shutdown.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} ({Name}) failed with exit code {kill.ExitCode}");
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        _http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        if (AdminLine().Match(line) is { Success: true } m) _admin.TrySetResult(new Uri(m.Groups[1].Value));
    }

    [GeneratedRegex(@"admin API and dashboard at (\S+)")]
    private static partial Regex AdminLine();
}
