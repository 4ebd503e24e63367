using System.Diagnostics;
using System.Text;

namespace Fleet.Cluster.Tests.Infrastructure;

/// <summary>
/// A policy node as a separate process: the built <c>fleet.dll policy-node</c>, serving a built-in policy from the
/// broker. <see cref="KillHard"/> is kill -9 (SIGKILL): no goodbye, the broker only sees the socket close.
/// </summary>
public sealed class PolicyNodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PolicyNodeProcess(Process process) => _process = process;

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>fleet.dll of the same configuration as this test assembly (Fleet.Node is a build dependency of the tests).</summary>
    public static string FleetDll
    {
        get
        {
            var here = AppContext.BaseDirectory; // tests/Fleet.Cluster.Tests/bin/<Config>/net10.0/
            var config = new DirectoryInfo(here).Parent!.Name;
            var repo = Path.GetFullPath(Path.Combine(here, "../../../../.."));
            return Path.Combine(repo, "src", "Fleet.Node", "bin", config, "net10.0", "fleet.dll");
        }
    }

    public static PolicyNodeProcess Start(Uri broker, string node, string policy, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { FleetDll, "policy-node", "--policy", policy }.Concat(extra)) start.ArgumentList.Add(a);
        start.Environment["FLEET_BROKER"] = broker.ToString();
        start.Environment["FLEET_NODE_NAME"] = node;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var node_ = new PolicyNodeProcess(process);
        process.OutputDataReceived += (_, e) => node_.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node_.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node_;
    }

    public void KillHard() => _process.Kill(entireProcessTree: false);

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
