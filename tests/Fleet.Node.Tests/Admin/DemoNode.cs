using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Fleet.Node.Tests.Cli;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Admin;

/// <summary>
/// `fleet demo --duration 60` as a real child process with its admin API on a free loopback port and a token; killed
/// after the tests of a class. <see cref="Url"/> is the address the demo printed on stderr.
/// </summary>
public sealed class DemoNode : IAsyncLifetime
{
    public const string Token = "demo-t0ken";
    private readonly TempFiles _files = new();
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _stderr = new();
    private Process _process = null!;

    public int Port { get; private set; }

    public string Node => $"127.0.0.1:{Port}";

    public string Url { get; private set; } = "";

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public async Task InitializeAsync()
    {
        Port = FreePort();
        var config = _files.Write("admin.conf", $"fleet.admin {{ port = {Port}, token = \"{Token}\" }}\n");
        var start = Cli.FleetProcess.StartInfo(_files.Dir, ["demo", "--duration", "60", "--config", config]);
        start.Environment.Remove("FLEET_ADMIN_TOKEN");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
            const string marker = "admin API and dashboard at ";
            var at = e.Data.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) _url.TrySetResult(e.Data[(at + marker.Length)..].Trim());
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _ = _process.WaitForExitAsync().ContinueWith(_ => _url.TrySetException(new InvalidOperationException($"demo exited {_process.ExitCode}: {Stderr}")), TaskScheduler.Default);
        Url = await _url.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _files.Dispose();
    }

    /// <summary>Runs a fleet CLI command against this node (with --node; the token only when <paramref name="withToken"/>).</summary>
    internal Task<FleetProcess.Result> CliAsync(bool withToken, params string[] args)
    {
        var full = args.Concat(["--node", Node]).Concat(withToken ? ["--token", Token] : Array.Empty<string>()).ToArray();
        return FleetProcess.RunAsync(_files.Dir, new Dictionary<string, string> { ["FLEET_ADMIN_TOKEN"] = "" }, full);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
