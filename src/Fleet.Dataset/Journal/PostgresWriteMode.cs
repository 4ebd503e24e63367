namespace Fleet.Dataset.Journal;

/// <summary>How <see cref="PostgresJournal"/> inserts a batch of frames (both inside the append's transaction).</summary>
public enum PostgresWriteMode
{
    /// <summary>Binary <c>COPY journal (...) FROM STDIN (FORMAT BINARY)</c>: one stream per batch. The default (faster; see bench/RESULTS.md).</summary>
    Copy,

    /// <summary>One prepared <c>INSERT ... SELECT FROM unnest(@arrays)</c> per batch: all rows in one statement and one round trip.</summary>
    BatchedInsert,
}
