using Fleet.Dataset.Journal;

namespace Fleet.Node.Recording;

/// <summary>
/// What the node knows about recorded episodes, for <c>fleet episode list</c> and the admin API: every episode of
/// the journals in use with its state (recording, finished, exported, recovered, discarded) and reason, and what
/// start-up recovery did.
/// </summary>
public interface IEpisodeCatalog
{
    /// <summary>Episodes, ordered by dataset and episode index.</summary>
    /// <param name="dataset">Only this dataset (its name in journal keys); null for all.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The episode rows.</returns>
    ValueTask<IReadOnlyList<EpisodeInfo>> ListAsync(string? dataset, CancellationToken cancellationToken);

    /// <summary>What recovery did when the datasets were opened (interrupted episodes recovered or discarded).</summary>
    IReadOnlyList<RecoveryOutcome> Recovered { get; }
}
