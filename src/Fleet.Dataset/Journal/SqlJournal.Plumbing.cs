using System.Data.Common;

namespace Fleet.Dataset.Journal;

/// <summary>Transactions, commands, row mapping and error translation shared by the operations.</summary>
public abstract partial class SqlJournal
{
    /// <summary>Lower-case state name as stored in the episode table.</summary>
    private protected static string Name(EpisodeState state) => state.ToString().ToLowerInvariant();

    /// <summary>Runs <paramref name="body"/> in one write transaction and commits it; rolls back and translates engine errors on failure.</summary>
    private protected async ValueTask<T> InTransactionAsync<T>(
        string operation, bool durable, Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        var connection = await AcquireTranslatedAsync(operation, cancellationToken);
        try
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken);
            try
            {
                var result = await body(connection, transaction);
                if (durable)
                {
                    await RequireDurableCommitAsync(connection, transaction, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch
            {
                // Roll back explicitly before unwinding, so that a failing implicit rollback in Dispose can
                // never replace the error that matters (the one that made the transaction fail).
                await RollBackAfterFailureAsync(connection, transaction);
                throw;
            }
            finally
            {
                await transaction.DisposeAsync();
            }
        }
        catch (Exception exception) when (Translate(exception, operation) is { } translated)
        {
            throw translated;
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    /// <summary>Runs a read-only <paramref name="body"/> on a connection, translating engine errors.</summary>
    private protected async ValueTask<T> ReadAsync<T>(string operation, Func<DbConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        var connection = await AcquireTranslatedAsync(operation, cancellationToken);
        try
        {
            return await body(connection);
        }
        catch (Exception exception) when (Translate(exception, operation) is { } translated)
        {
            throw translated;
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    /// <summary>Creates a command with named parameters (<c>@name</c> in the SQL).</summary>
    private protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Executes a statement and returns the number of rows it changed.</summary>
    private protected static async Task<int> ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads one episode row, or null.</summary>
    private protected static async Task<EpisodeInfo?> FindEpisodeAsync(
        DbConnection connection, DbTransaction? transaction, EpisodeKey key, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection, transaction, $"SELECT {EpisodeColumns} FROM episode WHERE persistence_id = @pid", ("pid", key.PersistenceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEpisode(reader) : null;
    }

    /// <summary>Maps the current row of a <c>SELECT {EpisodeColumns}</c> reader.</summary>
    private protected static EpisodeInfo ReadEpisode(DbDataReader reader)
    {
        var key = new EpisodeKey(reader.GetString(1), reader.GetString(3), reader.GetInt64(2));
        var stored = reader.GetString(6);
        if (!Enum.TryParse<EpisodeState>(stored, ignoreCase: true, out var state) || Name(state) != stored)
        {
            throw new JournalStorageException(
                JournalStorageFault.Schema,
                $"Episode {key} has state '{stored}', which is not a journal state; the episode table was edited by hand.",
                null);
        }

        return new EpisodeInfo(
            key,
            reader.GetString(4),
            reader.GetInt32(5),
            state,
            SqlTime.FromMicros(reader.GetInt64(7)),
            reader.IsDBNull(8) ? null : SqlTime.FromMicros(reader.GetInt64(8)),
            reader.GetInt64(9),
            reader.GetInt64(10),
            reader.IsDBNull(11) ? null : reader.GetString(11));
    }

    /// <summary>Builds the error for an operation the episode's current state does not allow.</summary>
    private protected async Task<JournalStateException> StateErrorAsync(
        DbConnection connection, DbTransaction transaction, EpisodeKey key, string action, EpisodeState[] allowed, CancellationToken cancellationToken)
    {
        var episode = await FindEpisodeAsync(connection, transaction, key, cancellationToken);
        var wanted = string.Join(" or ", allowed.Select(Name));
        return episode is null
            ? new JournalStateException($"Cannot {action} episode {key}: {Description} has no such episode. Begin it first.")
            : new JournalStateException($"Cannot {action} episode {key}: it is {Name(episode.State)}, and only a {wanted} episode allows that.");
    }

    private async ValueTask<DbConnection> AcquireTranslatedAsync(string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await AcquireAsync(cancellationToken);
        }
        catch (Exception exception) when (Translate(exception, operation) is { } translated)
        {
            throw translated;
        }
    }
}
