namespace Fleet.Dataset.Journal.Migrations;

/// <summary>The journal schema for SQLite, version by version (see docs/journal.md).</summary>
/// <remarks>
/// Times are INTEGER microseconds since the Unix epoch (UTC) in both engines, so rows compare and
/// convert the same way everywhere. Never edit a released step: add a new version instead.
/// </remarks>
public static class SqliteMigrations
{
    /// <summary>Every step, in version order.</summary>
    public static IReadOnlyList<JournalMigration> All { get; } =
    [
        new(1, "journal table (Akka.Persistence.Sql layout)", """
            CREATE TABLE journal (
                ordering       INTEGER PRIMARY KEY AUTOINCREMENT,
                persistence_id TEXT    NOT NULL,
                sequence_nr    INTEGER NOT NULL,
                created        INTEGER NOT NULL,
                manifest       TEXT    NOT NULL,
                payload        BLOB    NOT NULL,
                tags           TEXT    NULL,
                deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
                UNIQUE (persistence_id, sequence_nr)
            );
            """),
        new(2, "episode table and state index", """
            CREATE TABLE episode (
                persistence_id   TEXT    PRIMARY KEY,
                dataset          TEXT    NOT NULL,
                episode_index    INTEGER NOT NULL CHECK (episode_index >= 0),
                arm_id           TEXT    NOT NULL,
                task             TEXT    NOT NULL,
                fps              INTEGER NOT NULL CHECK (fps > 0),
                state            TEXT    NOT NULL CHECK (state IN ('recording', 'finished', 'exported', 'recovered', 'discarded')),
                started_at       INTEGER NOT NULL,
                finished_at      INTEGER NULL,
                frame_count      INTEGER NOT NULL DEFAULT 0,
                last_sequence_nr INTEGER NOT NULL DEFAULT 0,
                reason           TEXT    NULL,
                UNIQUE (dataset, episode_index)
            );
            CREATE INDEX episode_state_idx ON episode (state);
            """),
    ];
}
