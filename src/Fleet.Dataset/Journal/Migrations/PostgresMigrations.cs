namespace Fleet.Dataset.Journal.Migrations;

/// <summary>The journal schema for PostgreSQL, version by version (see docs/journal.md).</summary>
/// <remarks>
/// Same tables and columns as <see cref="SqliteMigrations"/>, with PostgreSQL types (BIGSERIAL, BYTEA,
/// BOOLEAN). Never edit a released step: add a new version instead.
/// </remarks>
public static class PostgresMigrations
{
    /// <summary>Every step, in version order.</summary>
    public static IReadOnlyList<JournalMigration> All { get; } =
    [
        new(1, "journal table (Akka.Persistence.Sql layout)", """
            CREATE TABLE journal (
                ordering       BIGSERIAL    PRIMARY KEY,
                persistence_id VARCHAR(255) NOT NULL,
                sequence_nr    BIGINT       NOT NULL,
                created        BIGINT       NOT NULL,
                manifest       VARCHAR(64)  NOT NULL,
                payload        BYTEA        NOT NULL,
                tags           VARCHAR(2000) NULL,
                deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
                CONSTRAINT journal_persistence_id_sequence_nr_key UNIQUE (persistence_id, sequence_nr)
            );
            """),
        new(2, "episode table and state index", """
            CREATE TABLE episode (
                persistence_id   VARCHAR(255) PRIMARY KEY,
                dataset          VARCHAR(200) NOT NULL,
                episode_index    BIGINT       NOT NULL CHECK (episode_index >= 0),
                arm_id           VARCHAR(100) NOT NULL,
                task             TEXT         NOT NULL,
                fps              INTEGER      NOT NULL CHECK (fps > 0),
                state            VARCHAR(16)  NOT NULL CHECK (state IN ('recording', 'finished', 'exported', 'recovered', 'discarded')),
                started_at       BIGINT       NOT NULL,
                finished_at      BIGINT       NULL,
                frame_count      BIGINT       NOT NULL DEFAULT 0,
                last_sequence_nr BIGINT       NOT NULL DEFAULT 0,
                reason           TEXT         NULL,
                CONSTRAINT episode_dataset_episode_index_key UNIQUE (dataset, episode_index)
            );
            CREATE INDEX episode_state_idx ON episode (state);
            """),
    ];
}
