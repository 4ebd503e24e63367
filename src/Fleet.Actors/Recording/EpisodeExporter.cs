using Fleet.Dataset.Export;
using Fleet.Dataset.Journal;
using Fleet.Dataset.Video;

namespace Fleet.Actors.Recording;

/// <summary>
/// Writes journaled episodes into one dataset, one at a time and in episode-index order: reads the episode's frames
/// back from the journal (the journal is the source of truth, so a recovered episode exports exactly like a finished
/// one), attaches the already-encoded camera segments, saves the episode with the <see cref="DatasetWriter"/> and
/// marks it exported in the journal.
/// </summary>
/// <remarks>
/// Thread-safe: exports are serialized. Does not own the journal or the writer. An export that fails leaves the
/// dataset as it was before the episode (see <see cref="DatasetWriter.SaveEpisodeAsync"/>) and the episode
/// finished (not exported) in the journal, so the next start exports it again.
/// </remarks>
public sealed class EpisodeExporter
{
    private readonly IJournal _journal;
    private readonly DatasetWriter _dataset;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates an exporter from <paramref name="journal"/> into <paramref name="dataset"/>.</summary>
    /// <param name="journal">Where the frames are.</param>
    /// <param name="dataset">The dataset being written.</param>
    public EpisodeExporter(IJournal journal, DatasetWriter dataset)
    {
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
    }

    /// <summary>The dataset written to.</summary>
    public DatasetWriter Dataset => _dataset;

    /// <summary>The journal read from.</summary>
    public IJournal Journal => _journal;

    /// <summary>Exports one finished or recovered episode.</summary>
    /// <param name="key">The episode; its index must be the dataset's next episode index.</param>
    /// <param name="videos">Camera name to the episode's complete segment (each with as many frames as the episode).</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="InvalidOperationException">The episode is not finished/recovered, has no frames, or its index is not the dataset's next.</exception>
    /// <exception cref="IOException">Writing the dataset failed (disk full, read-only folder, ffmpeg).</exception>
    public async Task<EpisodeSaved> ExportAsync(EpisodeKey key, IReadOnlyDictionary<string, VideoSegment> videos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(videos);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var info = await _journal.GetEpisodeAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Episode {key} is not in the journal {_journal.Description}.");
            if (info.State is not (EpisodeState.Finished or EpisodeState.Recovered))
                throw new InvalidOperationException($"Episode {key} is {info.State} in {_journal.Description}; only finished or recovered episodes are exported.");
            if (key.EpisodeIndex != _dataset.TotalEpisodes)
                throw new InvalidOperationException(
                    $"Episode {key} cannot be exported into '{_dataset.Root}': the dataset holds {_dataset.TotalEpisodes} episodes, so its next episode index is {_dataset.TotalEpisodes}.");
            var episode = new EpisodeBuffer(_dataset.Spec);
            await foreach (var frame in _journal.ReadFramesAsync(key, cancellationToken).ConfigureAwait(false))
                episode.AddFrame(frame.State, frame.Action, frame.Task);
            if (episode.Length == 0) throw new InvalidOperationException($"Episode {key} has no journaled frames; nothing to export.");
            foreach (var (camera, segment) in videos) episode.SetVideo(camera, segment);
            var saved = await _dataset.SaveEpisodeAsync(episode, cancellationToken).ConfigureAwait(false);
            await _journal.MarkExportedAsync(key, cancellationToken).ConfigureAwait(false);
            return saved;
        }
        finally
        {
            _gate.Release();
        }
    }
}
