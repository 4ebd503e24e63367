namespace Fleet.Dataset.Journal.Migrations;

/// <summary>
/// One versioned step of the journal schema: the DDL that takes a database from version
/// <c>Version - 1</c> to <c>Version</c>. Applied once, inside a transaction that also records it in
/// <c>schema_version</c>; the DDL of every version is listed in docs/journal.md.
/// </summary>
/// <param name="Version">Schema version this step produces; versions start at 1 and have no gaps.</param>
/// <param name="Description">What the step does, stored in <c>schema_version.description</c>.</param>
/// <param name="Sql">The DDL, one or more statements separated by semicolons, for one engine.</param>
public sealed record JournalMigration(int Version, string Description, string Sql);
