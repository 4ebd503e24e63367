using System.Data.Common;

namespace Fleet.Dataset.Journal.Migrations;

/// <summary>
/// Brings a journal database to the newest schema version: reads <c>schema_version</c>, then applies each
/// missing <see cref="JournalMigration"/> in its own transaction together with its <c>schema_version</c> row.
/// Running it again on an up-to-date database changes nothing.
/// </summary>
/// <remarks>
/// Concurrent runners (two processes opening the same journal) are serialized by the transaction lock the
/// engine takes when the <c>beginLockedAsync</c> callback opens the transaction, and each re-reads the
/// version under that lock, so a step is never applied twice.
/// </remarks>
internal static class MigrationRunner
{
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_at  BIGINT  NOT NULL
        )
        """;

    /// <summary>Applies the missing steps and returns the resulting version.</summary>
    /// <exception cref="JournalStorageException">The database is at a version newer than <paramref name="migrations"/> knows.</exception>
    public static async ValueTask<int> MigrateAsync(
        DbConnection connection,
        IReadOnlyList<JournalMigration> migrations,
        Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> beginLockedAsync,
        string journalDescription,
        CancellationToken cancellationToken)
    {
        var known = migrations[^1].Version;
        foreach (var migration in migrations)
        {
            await using var transaction = await beginLockedAsync(connection, cancellationToken);
            await ExecuteAsync(connection, transaction, CreateVersionTable, cancellationToken);
            var current = await GetVersionAsync(connection, transaction, cancellationToken);
            if (current > known)
            {
                throw new JournalStorageException(
                    JournalStorageFault.Schema,
                    $"The journal {journalDescription} has schema version {current}, newer than this Fleet build knows ({known}). " +
                    "Upgrade Fleet, or point the journal at another file or database.",
                    null);
            }

            if (migration.Version <= current)
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @t)";
                AddParameter(insert, "v", migration.Version);
                AddParameter(insert, "d", migration.Description);
                AddParameter(insert, "t", SqlTime.ToMicros(DateTimeOffset.UtcNow));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return known;
    }

    /// <summary>Reads the current schema version (0 for an empty database) inside <paramref name="transaction"/>.</summary>
    public static async ValueTask<int> GetVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async ValueTask ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
