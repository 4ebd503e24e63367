using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Cluster.Tests.Infrastructure;

/// <summary>
/// A throwaway RabbitMQ node (Debian rabbitmq-server) on loopback: its own node name, free ports, and data and log
/// directories under /tmp, so it never touches a broker the machine already runs. Started once per test collection,
/// stopped and deleted at the end. <see cref="RestartAsync"/> stops and starts the same node (same port, same data).
/// </summary>
public sealed class RabbitMqBroker : IAsyncLifetime
{
    private const string Ctl = "/usr/sbin/rabbitmqctl";
    private const string Server = "/usr/sbin/rabbitmq-server";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"fleet-rabbit-{Guid.NewGuid():N}"[..24]);
    private readonly Dictionary<string, string> _env = new();

    public static bool IsInstalled => OperatingSystem.IsLinux() && File.Exists(Server) && File.Exists(Ctl);

    public const string SkipReason = "rabbitmq-server is not installed: run scripts/setup-cluster.sh (Debian rabbitmq-server).";

    public string NodeName { get; } = $"fleettest{Environment.ProcessId}x{Random.Shared.Next(10_000)}@localhost";

    public int Port { get; private set; }

    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    public async Task InitializeAsync()
    {
        if (!IsInstalled || !OperatingSystem.IsLinux()) return;
        Directory.CreateDirectory(_dir);
        // The Debian wrapper runs the broker as user 'rabbitmq': it must be able to write here.
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_111_111);
        var plugins = Path.Combine(_dir, "enabled_plugins");
        await File.WriteAllTextAsync(plugins, "[].");
        File.SetUnixFileMode(plugins, (UnixFileMode)0b110_110_110);
        Port = FreePort();
        _env["RABBITMQ_NODENAME"] = NodeName;
        _env["RABBITMQ_NODE_PORT"] = Port.ToString();
        _env["RABBITMQ_DIST_PORT"] = FreePort().ToString();
        _env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        _env["RABBITMQ_MNESIA_BASE"] = Path.Combine(_dir, "mnesia");
        _env["RABBITMQ_LOG_BASE"] = Path.Combine(_dir, "log");
        _env["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins;
        _env["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (!IsInstalled || Port == 0) return;
        await StopAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // files of the rabbitmq user may linger a moment; /tmp is cleaned anyway
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public async Task StartAsync()
    {
        await RunAsync(Server, ["-detached"], TimeSpan.FromSeconds(30));
        // -detached returns before the node registers with epmd; await_startup fails until it has, so retry.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var (rc, output) = await RunAsync(Ctl, ["-n", NodeName, "await_startup", "--timeout", "60"], TimeSpan.FromSeconds(70), check: false);
            if (rc == 0) return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"RabbitMQ test node {NodeName} did not start within 120 s; logs in {_dir}/log. Last answer: {output}");
            await Task.Delay(250);
        }
    }

    public async Task StopAsync() => await RunAsync(Ctl, ["-n", NodeName, "stop"], TimeSpan.FromSeconds(60), check: false);

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Closes every client connection from the broker side, as a network blip would.</summary>
    public async Task CloseAllConnectionsAsync() =>
        await RunAsync(Ctl, ["-n", NodeName, "close_all_connections", "fleet test: simulated connection loss"], TimeSpan.FromSeconds(30));

    /// <summary>Ready messages in <paramref name="queue"/>, as the broker reports them.</summary>
    public async Task<int> ReadyCountAsync(string queue)
    {
        var (_, output) = await RunAsync(Ctl, ["-n", NodeName, "list_queues", "name", "messages_ready", "--quiet", "--no-table-headers"], TimeSpan.FromSeconds(30));
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t', StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0] == queue) return int.Parse(parts[1]);
        }
        return 0;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, TimeSpan timeout, bool check = true)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in _env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s.");
        }
        var output = await stdout + await stderr;
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {output}");
        return (process.ExitCode, output);
    }

    private static int FreePort()
    {
        // Below 45535: the Erlang distribution port defaults to the AMQP port + 20000.
        for (var attempt = 0; ; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (port < 45_000 || attempt > 50) return port;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqBroker>
{
    public const string Name = "RabbitMQ";
}

/// <summary>A fact that needs rabbitmq-server; skipped with the remedy where it is not installed.</summary>
public sealed class RabbitFactAttribute : FactAttribute
{
    public RabbitFactAttribute()
    {
        if (!RabbitMqBroker.IsInstalled) Skip = RabbitMqBroker.SkipReason;
    }
}
