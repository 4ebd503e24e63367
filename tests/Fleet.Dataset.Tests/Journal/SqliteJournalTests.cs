using Fleet.Dataset.Journal;
using Microsoft.Data.Sqlite;

namespace Fleet.Dataset.Tests.Journal;

/// <summary>The journal contract against a real SQLite file in a temp folder.</summary>
public sealed class SqliteJournalTests : JournalContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-journal-").FullName;

    private string DatabasePath => Path.Combine(_folder, "journal.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    protected override async Task<IJournal> OpenStoreAsync() => await SqliteJournal.OpenAsync(DatabasePath, CancellationToken.None);

    protected override async Task<long> ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return sql.StartsWith("SELECT", StringComparison.Ordinal) ? (long)(await command.ExecuteScalarAsync())! : await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task OpenAsync_NewFile_UsesWalAndFullSynchronous()
    {
        await using var journal = await SqliteJournal.OpenAsync(DatabasePath, CancellationToken.None);

        Assert.Equal("wal", await journal.ReadPragmaAsync("journal_mode", CancellationToken.None));
        Assert.Equal("2", await journal.ReadPragmaAsync("synchronous", CancellationToken.None)); // 2 = FULL
        Assert.True(File.Exists(DatabasePath + "-wal"));
        Assert.Equal(1, await ExecuteRawAsync("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"));
        Assert.Equal(Path.GetFullPath(DatabasePath), journal.Path);
    }
}
