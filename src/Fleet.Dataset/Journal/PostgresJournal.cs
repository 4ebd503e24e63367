using System.Data.Common;
using Fleet.Dataset.Journal.Migrations;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Dataset.Journal;

/// <summary>
/// The journal in a PostgreSQL database (labs with many stations). Opened with <see cref="OpenAsync"/>,
/// which brings the schema up to date.
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> Finishing, recovering, discarding and exporting an episode commit with
/// <c>SET LOCAL synchronous_commit = on</c>, so they are flushed to the server's WAL before returning even
/// when the server or role defaults to <c>synchronous_commit = off</c>. Frame batches use the server's
/// setting. The guarantee also needs the server's <c>fsync = on</c> (PostgreSQL's default).</para>
/// <para><b>Concurrency.</b> Pooled connections (an <see cref="NpgsqlDataSource"/>); operations run in
/// parallel and PostgreSQL's row locks order them. Migrations take a transaction-scoped advisory lock, so
/// stations starting together migrate once.</para>
/// </remarks>
public sealed class PostgresJournal : SqlJournal
{
    // Arbitrary constant naming Fleet's journal migrations among advisory locks ("FLEETJRN" in ASCII).
    private const long MigrationLockKey = 0x464C_4545_544A_524E;

    private const string InsertUnnestSql =
        "INSERT INTO journal (persistence_id, sequence_nr, created, manifest, payload) " +
        "SELECT p, s, @created, @manifest, b FROM unnest(@pids, @seqs, @payloads) AS t(p, s, b)";

    private const string CopySql =
        "COPY journal (persistence_id, sequence_nr, created, manifest, payload) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresJournalOptions _options;

    private PostgresJournal(NpgsqlDataSource dataSource, PostgresJournalOptions options, string description)
    {
        _dataSource = dataSource;
        _options = options;
        Description = description;
    }

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>Connects to the database and applies missing schema migrations.</summary>
    /// <param name="options">Connection string and write mode.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open journal; dispose it to close its connection pool.</returns>
    /// <exception cref="JournalStorageException">The server is unreachable, the database is read-only, or its schema is newer than this build.</exception>
    public static async ValueTask<PostgresJournal> OpenAsync(PostgresJournalOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        var journal = new PostgresJournal(NpgsqlDataSource.Create(builder), options, description);
        try
        {
            await journal.ReadAsync("migrate the schema", async connection =>
                await MigrationRunner.MigrateAsync(connection, PostgresMigrations.All, BeginMigrationAsync, description, cancellationToken), cancellationToken);
            return journal;
        }
        catch
        {
            await journal.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    private protected override async Task InsertFramesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<FrameRecord> frames, long createdMicros, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        if (_options.WriteMode == PostgresWriteMode.Copy)
        {
            await CopyAsync(npgsql, frames, createdMicros, cancellationToken);
        }
        else
        {
            await InsertUnnestAsync(npgsql, (NpgsqlTransaction)transaction, frames, createdMicros, cancellationToken);
        }
    }

    /// <inheritdoc />
    private protected override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    private protected override ValueTask ReleaseAsync(DbConnection connection) => connection.DisposeAsync();

    /// <inheritdoc />
    private protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);

    /// <inheritdoc />
    private protected override async Task RequireDurableCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, "SET LOCAL synchronous_commit = on", cancellationToken);

    /// <inheritdoc />
    private protected override Exception? Translate(Exception exception, string operation) =>
        PostgresFaults.Translate(exception, operation, Description);

    private static async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLockKey));
        return transaction;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<FrameRecord> frames, long createdMicros, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
        foreach (var frame in frames)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(frame.Episode.PersistenceId, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(frame.SequenceNr, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(createdMicros, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(FrameRecordCodec.ManifestV1, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(FrameRecordCodec.Encode(frame), NpgsqlDbType.Bytea, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task InsertUnnestAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<FrameRecord> frames, long createdMicros, CancellationToken cancellationToken)
    {
        var pids = new string[frames.Count];
        var seqs = new long[frames.Count];
        var payloads = new byte[frames.Count][];
        for (var i = 0; i < frames.Count; i++)
        {
            pids[i] = frames[i].Episode.PersistenceId;
            seqs[i] = frames[i].SequenceNr;
            payloads[i] = FrameRecordCodec.Encode(frames[i]);
        }

        await using var command = new NpgsqlCommand(InsertUnnestSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("created", createdMicros));
        command.Parameters.Add(new NpgsqlParameter<string>("manifest", FrameRecordCodec.ManifestV1));
        command.Parameters.Add(new NpgsqlParameter<string[]>("pids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = pids });
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = seqs });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = payloads });
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
