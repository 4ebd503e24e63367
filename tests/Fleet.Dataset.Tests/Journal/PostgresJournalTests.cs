using Fleet.Dataset.Journal;
using Fleet.Dataset.Tests.Journal.Infrastructure;
using Npgsql;

namespace Fleet.Dataset.Tests.Journal;

/// <summary>One throwaway PostgreSQL cluster shared by the PostgreSQL journal tests; each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<ThrowawayPostgres>
{
    public const string Name = "postgres";
}

/// <summary>The journal contract against a real PostgreSQL server, inserting batches with binary COPY.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresJournalTests(ThrowawayPostgres server) : JournalContractTests
{
    private string _connectionString = string.Empty;

    protected virtual PostgresWriteMode WriteMode => PostgresWriteMode.Copy;

    public override async Task InitializeAsync() => _connectionString = await server.CreateDatabaseAsync();

    protected override async Task<IJournal> OpenStoreAsync() =>
        await PostgresJournal.OpenAsync(new PostgresJournalOptions(_connectionString, WriteMode), CancellationToken.None);

    protected override async Task<long> ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return sql.StartsWith("SELECT", StringComparison.Ordinal) ? Convert.ToInt64(await command.ExecuteScalarAsync()) : await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task OpenAsync_UnreachableServer_ThrowsUnavailableNamingServer()
    {
        var closed = new NpgsqlConnectionStringBuilder(_connectionString) { Port = 1, Timeout = 3 }.ToString();

        var error = await Assert.ThrowsAsync<JournalStorageException>(() =>
            PostgresJournal.OpenAsync(new PostgresJournalOptions(closed), CancellationToken.None).AsTask());

        Assert.Equal(JournalStorageFault.Unavailable, error.Kind);
        Assert.Contains("PostgreSQL 127.0.0.1:1/", error.Message);
        Assert.Contains("unreachable", error.Message);
    }
}

/// <summary>The same contract with batches inserted by one prepared <c>INSERT ... unnest</c> statement.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBatchedInsertJournalTests(ThrowawayPostgres server) : PostgresJournalTests(server)
{
    protected override PostgresWriteMode WriteMode => PostgresWriteMode.BatchedInsert;
}
