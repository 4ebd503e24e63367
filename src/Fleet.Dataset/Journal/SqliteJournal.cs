using System.Data.Common;
using Fleet.Dataset.Journal.Migrations;
using Microsoft.Data.Sqlite;

namespace Fleet.Dataset.Journal;

/// <summary>
/// The journal in a local SQLite file: the default for stations. Opened with <see cref="OpenAsync"/>,
/// which creates the file and brings its schema up to date.
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> The file runs in WAL mode with <c>synchronous=FULL</c>: every commit fsyncs the
/// write-ahead log before it returns. With <c>NORMAL</c>, WAL commits survive a killed process but the last
/// ones can be lost on a power cut, which would break "a finished episode is never lost". FULL costs one
/// fsync per transaction; the <see cref="JournalWriter"/> batches frames so that is one fsync per batch,
/// not per frame (figures in bench/RESULTS.md).</para>
/// <para><b>Concurrency.</b> One connection, used by one operation at a time; other processes may open the
/// same file (SQLite's locks and a 10 s busy timeout serialize writers). Write transactions are
/// <c>BEGIN IMMEDIATE</c>, so they never fail half-way on a lock upgrade.</para>
/// </remarks>
public sealed class SqliteJournal : SqlJournal
{
    private static readonly Lazy<bool> NativeLibrary = new(() =>
    {
        SQLitePCL.Batteries.Init();
        return true;
    });

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteCommand _insert;
    private bool _disposed;

    private SqliteJournal(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText =
            "INSERT INTO journal (persistence_id, sequence_nr, created, manifest, payload) VALUES (@pid, @seq, @created, @manifest, @payload)";
        foreach (var name in new[] { "pid", "seq", "created", "manifest", "payload" })
        {
            _insert.Parameters.Add(new SqliteParameter(name, null));
        }
    }

    /// <summary>Full path of the journal file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Description => $"SQLite {Path}";

    /// <summary>
    /// Opens (creating if needed) the journal file at <paramref name="path"/>, sets WAL and
    /// <c>synchronous=FULL</c>, and applies missing schema migrations.
    /// </summary>
    /// <param name="path">Journal file; its folder is created if missing.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open journal; dispose it to close the file.</returns>
    /// <exception cref="JournalStorageException">The folder or file is read-only or not creatable, the disk is full, or the schema is newer than this build.</exception>
    public static async ValueTask<SqliteJournal> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _ = NativeLibrary.Value;
        var fullPath = System.IO.Path.GetFullPath(path);
        SqliteConnection? connection = null;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = fullPath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                Pooling = false,
            }.ToString());
            await connection.OpenAsync(cancellationToken);
            await ConfigureAsync(connection, fullPath, cancellationToken);
            var journal = new SqliteJournal(fullPath, connection);
            await MigrationRunner.MigrateAsync(connection, SqliteMigrations.All, journal.BeginWriteAsync, journal.Description, cancellationToken);
            return journal;
        }
        catch (Exception exception) when (SqliteFaults.Translate(exception, $"open the journal {fullPath}", fullPath) is { } translated)
        {
            connection?.Dispose();
            throw translated;
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _insert.Dispose();
            await _connection.CloseAsync();
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads a PRAGMA of the journal's own connection (per-connection settings such as <c>synchronous</c> are only visible there).</summary>
    /// <param name="name">PRAGMA name, e.g. <c>synchronous</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The PRAGMA's value as text.</returns>
    internal async ValueTask<string> ReadPragmaAsync(string name, CancellationToken cancellationToken)
    {
        var connection = await AcquireAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    /// <inheritdoc />
    private protected override async Task InsertFramesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<FrameRecord> frames, long createdMicros, CancellationToken cancellationToken)
    {
        _insert.Transaction = (SqliteTransaction)transaction;
        var parameters = _insert.Parameters;
        parameters[2].Value = createdMicros;
        parameters[3].Value = FrameRecordCodec.ManifestV1;
        foreach (var frame in frames)
        {
            parameters[0].Value = frame.Episode.PersistenceId;
            parameters[1].Value = frame.SequenceNr;
            parameters[4].Value = FrameRecordCodec.Encode(frame);
            await _insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    private protected override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        if (_disposed)
        {
            _gate.Release();
            throw new ObjectDisposedException(Description);
        }

        return _connection;
    }

    /// <inheritdoc />
    private protected override ValueTask ReleaseAsync(DbConnection connection)
    {
        _gate.Release();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    private protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <inheritdoc />
    private protected override async ValueTask RollBackAfterFailureAsync(DbConnection connection, DbTransaction transaction)
    {
        // On SQLITE_FULL and some I/O errors SQLite has already rolled the transaction back itself; the
        // ROLLBACK that Microsoft.Data.Sqlite 6.0 then issues fails with "no transaction is active". Reopen
        // an empty transaction so that rollback succeeds and marks the SqliteTransaction completed.
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
        {
            await using var begin = _connection.CreateCommand();
            begin.Transaction = (SqliteTransaction)transaction;
            begin.CommandText = "BEGIN;";
            await begin.ExecuteNonQueryAsync();
        }

        await transaction.RollbackAsync();
    }

    /// <inheritdoc />
    private protected override Exception? Translate(Exception exception, string operation) =>
        SqliteFaults.Translate(exception, operation, Path);

    private static async ValueTask ConfigureAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new JournalStorageException(
                JournalStorageFault.Unavailable,
                $"The journal {path} could not be switched to WAL mode (SQLite answered '{mode}'). " +
                "Put the journal on a local disk that supports shared memory (not a network share).",
                null);
        }

        command.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
