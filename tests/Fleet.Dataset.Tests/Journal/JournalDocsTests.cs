using System.Text.RegularExpressions;
using Fleet.Dataset.Journal.Migrations;

namespace Fleet.Dataset.Tests.Journal;

/// <summary>docs/journal.md lists the DDL of every schema version for both engines; this keeps it from drifting.</summary>
public sealed partial class JournalDocsTests
{
    [Fact]
    public void JournalDoc_EveryMigration_AppearsVerbatim()
    {
        var doc = Normalize(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "journal.md")));

        foreach (var migration in SqliteMigrations.All.Concat(PostgresMigrations.All))
        {
            Assert.True(doc.Contains(Normalize(migration.Sql), StringComparison.Ordinal), $"docs/journal.md lacks the DDL of version {migration.Version} ({migration.Description}):\n{migration.Sql}");
            Assert.Contains($"### Version {migration.Version}: {migration.Description}", doc);
        }
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Fleet.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
