using Microsoft.Data.Sqlite;

namespace Fleet.Dataset.Tests.Journal.Infrastructure;

/// <summary>
/// Fault injector: a second connection that takes the journal file's write lock (<c>BEGIN IMMEDIATE</c>)
/// and holds it until disposed, so the journal's commits stall like on a slow or contended disk.
/// </summary>
internal sealed class SqliteWriteLockHolder : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteWriteLockHolder(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<SqliteWriteLockHolder> TakeAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        return new SqliteWriteLockHolder(connection, connection.BeginTransaction(deferred: false));
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
