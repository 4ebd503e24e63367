using Fleet.Actors.Recording;
using Fleet.Dataset.Export;
using Fleet.Dataset.Journal;
using Fleet.Dataset.Meta;

namespace Fleet.Node.Recording;

/// <summary>
/// One dataset being recorded into, with everything that writes it: the journal, the batched journal writer, the
/// <see cref="DatasetWriter"/> and the <see cref="EpisodeExporter"/>. Opening it runs crash recovery
/// (<see cref="EpisodeRecovery"/>) before anything new is recorded.
/// </summary>
/// <remarks>
/// Layout: the dataset at <see cref="Root"/>; Fleet's own files under <c>&lt;root&gt;/.fleet/</c> (the SQLite journal
/// and <c>segments/</c>, the videos of episodes still recording or waiting for export). LeRobot ignores that folder.
/// Dispose order: journal writer (commits what is queued), dataset writer (final info.json), journal.
/// </remarks>
public sealed class DatasetStore : IAsyncDisposable
{
    private DatasetStore(string root, string name, IJournal journal, JournalWriter writer, DatasetWriter dataset, IReadOnlyList<RecoveryOutcome> recovered)
    {
        Root = root;
        Name = name;
        Journal = journal;
        Writer = writer;
        Exporter = new EpisodeExporter(journal, dataset);
        Recovered = recovered;
    }

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <summary>The dataset's name in journal keys (the folder name).</summary>
    public string Name { get; }

    /// <summary>The journal.</summary>
    public IJournal Journal { get; }

    /// <summary>The batched journal writer.</summary>
    public JournalWriter Writer { get; }

    /// <summary>The exporter into the dataset.</summary>
    public EpisodeExporter Exporter { get; }

    /// <summary>The dataset writer.</summary>
    public DatasetWriter Dataset => Exporter.Dataset;

    /// <summary>What recovery did at open (one entry per interrupted or unexported episode).</summary>
    public IReadOnlyList<RecoveryOutcome> Recovered { get; }

    /// <summary>Where live encoders write episode videos.</summary>
    public string SegmentsFolder => Path.Combine(Root, ".fleet", "segments");

    /// <summary>
    /// Opens (or creates) the dataset at <paramref name="root"/> and its journal, then recovers interrupted episodes.
    /// </summary>
    /// <param name="root">The dataset folder.</param>
    /// <param name="spec">What a new dataset records; an existing one must match it.</param>
    /// <param name="settings">Journal and writer settings.</param>
    /// <param name="resume">True to append to an existing dataset; false requires a folder without one.</param>
    /// <param name="log">Where recovery writes what it did.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="IOException">The folder holds a dataset and <paramref name="resume"/> is false, or it cannot be written.</exception>
    /// <exception cref="InvalidDataException">The existing dataset records something else than <paramref name="spec"/>.</exception>
    /// <exception cref="JournalStorageException">The journal cannot be opened (read-only folder, disk full).</exception>
    public static async Task<DatasetStore> OpenAsync(string root, DatasetSpec spec, RecordingSettings settings, bool resume, TextWriter log, CancellationToken cancellationToken)
    {
        root = Path.GetFullPath(root);
        var name = NameOf(root);
        var exists = File.Exists(Path.Combine(root, "meta", "info.json"));
        if (exists && !resume)
            throw new IOException($"'{root}' already holds a dataset; pass --resume to add episodes to it, or choose another folder.");
        CheckWritable(root);
        IJournal journal = await OpenJournalAsync(root, settings, cancellationToken).ConfigureAwait(false);
        DatasetWriter? dataset = null;
        try
        {
            dataset = exists
                ? await DatasetWriter.ResumeAsync(root, cancellationToken).ConfigureAwait(false)
                : await DatasetWriter.CreateAsync(root, spec, null, cancellationToken).ConfigureAwait(false);
            if (!dataset.Spec.Equals(spec))
                throw new InvalidDataException(
                    $"'{root}' records {dataset.Spec.Fps} fps with cameras [{string.Join(", ", dataset.Spec.Cameras.Select(c => $"{c.Name} {c.Width}x{c.Height}"))}] " +
                    $"and codec {dataset.Spec.Video.Codec}; this run records {spec.Fps} fps with [{string.Join(", ", spec.Cameras.Select(c => $"{c.Name} {c.Width}x{c.Height}"))}] " +
                    $"and {spec.Video.Codec}. Record into another folder, or change the configuration to match.");
            var recovered = await EpisodeRecovery.RunAsync(journal, new EpisodeExporter(journal, dataset), name,
                Path.Combine(root, ".fleet", "segments"), log, cancellationToken).ConfigureAwait(false);
            return new DatasetStore(root, name, journal, new JournalWriter(journal, settings.Writer), dataset, recovered);
        }
        catch
        {
            if (dataset is not null) await dataset.DisposeAsync().ConfigureAwait(false);
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The dataset name used in journal keys for a folder.</summary>
    public static string NameOf(string root)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        return string.IsNullOrWhiteSpace(name) ? "dataset" : name.Replace('/', '_');
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await Dataset.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await Journal.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<IJournal> OpenJournalAsync(string root, RecordingSettings settings, CancellationToken cancellationToken) =>
        settings.JournalEngine == "postgres"
            ? await PostgresJournal.OpenAsync(new PostgresJournalOptions(settings.PostgresConnection), cancellationToken).ConfigureAwait(false)
            : await SqliteJournal.OpenAsync(settings.JournalPathFor(root), cancellationToken).ConfigureAwait(false);

    // Fail early and clearly on a read-only folder, before the journal or the dataset half-opens.
    private static void CheckWritable(string root)
    {
        var probe = Path.Combine(root, ".fleet", $".write-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(probe)!);
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The dataset folder '{root}' cannot be written ({e.Message}); check that it is on a writable disk with free space and that you may write to it.", e);
        }
    }
}
