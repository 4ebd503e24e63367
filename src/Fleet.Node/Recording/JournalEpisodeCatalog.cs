using Fleet.Dataset.Journal;

namespace Fleet.Node.Recording;

/// <summary>An <see cref="IEpisodeCatalog"/> over the journals of the open <see cref="DatasetStore"/>s.</summary>
public sealed class JournalEpisodeCatalog : IEpisodeCatalog
{
    private readonly IReadOnlyList<DatasetStore> _stores;

    /// <summary>Creates the catalog of <paramref name="stores"/>.</summary>
    /// <param name="stores">The open datasets.</param>
    public JournalEpisodeCatalog(IReadOnlyList<DatasetStore> stores) => _stores = stores ?? throw new ArgumentNullException(nameof(stores));

    /// <inheritdoc />
    public IReadOnlyList<RecoveryOutcome> Recovered => _stores.SelectMany(s => s.Recovered).ToList();

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<EpisodeInfo>> ListAsync(string? dataset, CancellationToken cancellationToken)
    {
        var rows = new List<EpisodeInfo>();
        // Stores may share one journal (an absolute journal path or postgres): list each journal once.
        foreach (var journal in _stores.Select(s => s.Journal).Distinct())
            rows.AddRange(await journal.GetEpisodesAsync(dataset, cancellationToken).ConfigureAwait(false));
        return rows.Where(r => _stores.Any(s => s.Name == r.Key.Dataset)).Distinct()
            .OrderBy(r => r.Key.Dataset, StringComparer.Ordinal).ThenBy(r => r.Key.EpisodeIndex).ToList();
    }
}
