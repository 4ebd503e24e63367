using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Fleet.Benchmarks.Journal;

/// <summary>
/// A private PostgreSQL cluster for the journal benchmarks (initdb into a temp folder, free loopback port,
/// server defaults: fsync and synchronous_commit on). Runs the server as <c>postgres</c> when run as root.
/// Needs the binaries of scripts/setup-journal.sh.
/// </summary>
internal sealed class BenchPostgresServer : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fleet-bench-pg-{Guid.NewGuid():N}");
    private readonly string _bin;
    private readonly bool _asPostgresUser = Environment.UserName == "root";

    public BenchPostgresServer()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).First(d => File.Exists(Path.Combine(d, "initdb")));
        Directory.CreateDirectory(Path.Combine(_root, "sock"));
        if (_asPostgresUser)
        {
            Run("chown", ["-R", "postgres:postgres", _root]);
        }

        Run(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", "fleet", "--no-sync", "-E", "UTF8"], _asPostgresUser);
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        Run(Path.Combine(_bin, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-o", $"-k {Path.Combine(_root, "sock")} -c listen_addresses=127.0.0.1 -p {Port}", "start"],
            _asPostgresUser);
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    public string CreateDatabase()
    {
        var name = $"b_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public void Dispose()
    {
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], _asPostgresUser);
        Directory.Delete(_root, recursive: true);
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "fleet", Database = database }.ToString();

    private static void Run(string tool, IReadOnlyList<string> arguments, bool asPostgresUser = false)
    {
        var info = new ProcessStartInfo(asPostgresUser ? "runuser" : tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in asPostgresUser ? ["-u", "postgres", "--", tool, .. arguments] : arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {output}");
        }
    }
}
