namespace Fleet.Dataset.Journal;

/// <summary>Settings of a <see cref="PostgresJournal"/>; meant to be bound from the HOCON section <c>fleet.journal.postgres</c> by the node.</summary>
/// <param name="ConnectionString">Npgsql connection string, e.g. <c>Host=db;Database=fleet;Username=fleet</c>. Put the password in a <c>.pgpass</c> file or PGPASSWORD, not in config.</param>
/// <param name="WriteMode">How frame batches are inserted.</param>
public sealed record PostgresJournalOptions(string ConnectionString, PostgresWriteMode WriteMode = PostgresWriteMode.Copy);
