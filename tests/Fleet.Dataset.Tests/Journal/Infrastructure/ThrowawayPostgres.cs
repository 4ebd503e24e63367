using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Fleet.Dataset.Tests.Journal.Infrastructure;

/// <summary>
/// A real, private PostgreSQL cluster for the tests: initdb into a temp folder, started on a free loopback
/// port (and a private socket folder), stopped and deleted at the end. Runs the server as the
/// <c>postgres</c> user when the tests run as root (PostgreSQL refuses to run as root).
/// Install the binaries with scripts/setup-journal.sh.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncLifetime
{
    private const string Superuser = "fleet";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fleet-pg-{Guid.NewGuid():N}");
    private string _bin = string.Empty;
    private bool _asPostgresUser;

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_root, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database, Timeout = 30 }.ToString();

    /// <summary>Creates an empty database for one test, so tests never see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _asPostgresUser = Environment.UserName == "root";
        Directory.CreateDirectory(Path.Combine(_root, "sock"));
        if (_asPostgresUser)
        {
            await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", _root], CancellationToken.None);
        }

        await PgAsync("initdb", ["-D", DataDirectory, "-A", "trust", "-U", Superuser, "--no-sync", "-E", "UTF8"]);
        Port = FreePort();
        var serverOptions = $"-k {Path.Combine(_root, "sock")} -c listen_addresses=127.0.0.1 -p {Port}";
        await PgAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", serverOptions, "start"]);
    }

    public async Task DisposeAsync()
    {
        if (Directory.Exists(DataDirectory))
        {
            await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }

        Directory.Delete(_root, recursive: true);
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb"))).ToList()
            : [];
        if (versions.Count == 0)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. Run scripts/setup-journal.sh.");
        }

        return Path.Combine(versions.OrderBy(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Last(), "bin");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<string> PgAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgresUser
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], CancellationToken.None)
            : ProcessRunner.RunAsync(path, arguments, CancellationToken.None);
    }
}
