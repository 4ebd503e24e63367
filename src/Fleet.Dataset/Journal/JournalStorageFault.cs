namespace Fleet.Dataset.Journal;

/// <summary>Kinds of <see cref="JournalStorageException"/>.</summary>
public enum JournalStorageFault
{
    /// <summary>No space left on the journal's disk (SQLite <c>SQLITE_FULL</c>, PostgreSQL 53100).</summary>
    DiskFull,

    /// <summary>The journal's folder, file or database is read-only.</summary>
    ReadOnly,

    /// <summary>The journal file could not be opened or created, or the server could not be reached.</summary>
    Unavailable,

    /// <summary>The database schema is newer than this Fleet build or was changed by hand.</summary>
    Schema,

    /// <summary>Any other I/O or engine failure.</summary>
    Io,
}
