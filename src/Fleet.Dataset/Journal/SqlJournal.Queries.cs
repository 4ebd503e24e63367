using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Fleet.Dataset.Journal;

/// <summary>Reads: episode rows, frames, and the interrupted episodes recovery starts from.</summary>
public abstract partial class SqlJournal
{
    /// <inheritdoc />
    public ValueTask<EpisodeInfo?> GetEpisodeAsync(EpisodeKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ReadAsync($"read episode {key}", connection => FindEpisodeAsync(connection, null, key, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<EpisodeInfo>> GetEpisodesAsync(string? dataset, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<EpisodeInfo>>("list episodes", async connection =>
        {
            var sql = $"SELECT {EpisodeColumns} FROM episode " +
                (dataset is null ? string.Empty : "WHERE dataset = @ds ") + "ORDER BY dataset, episode_index";
            await using var command = dataset is null ? Command(connection, null, sql) : Command(connection, null, sql, ("ds", dataset));
            return await ReadEpisodesAsync(command, cancellationToken);
        }, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<FrameRecord> ReadFramesAsync(EpisodeKey key, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);

        // Rows are loaded before the first frame is yielded so that no connection (for SQLite: the journal's
        // only one) stays held while the caller works between frames; an episode is a few thousand rows.
        var rows = await ReadAsync($"read frames of {key}", connection => ReadRowsAsync(connection, key, cancellationToken), cancellationToken);
        foreach (var row in rows)
        {
            yield return FrameRecordCodec.Decode(key, row.SequenceNr, row.Manifest, row.Payload);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<InterruptedEpisode>> GetInterruptedEpisodesAsync(CancellationToken cancellationToken)
    {
        var episodes = await ReadAsync<IReadOnlyList<EpisodeInfo>>("find interrupted episodes", async connection =>
        {
            await using var command = Command(
                connection, null, $"SELECT {EpisodeColumns} FROM episode WHERE state = 'recording' ORDER BY started_at, persistence_id");
            return await ReadEpisodesAsync(command, cancellationToken);
        }, cancellationToken);
        var result = new List<InterruptedEpisode>(episodes.Count);
        foreach (var episode in episodes)
        {
            var rows = await ReadAsync($"read frames of {episode.Key}", connection => ReadRowsAsync(connection, episode.Key, cancellationToken), cancellationToken);
            var (frames, stoppedBecause) = KeepContiguousPrefix(episode.Key, rows);
            result.Add(new InterruptedEpisode(episode, frames, stoppedBecause));
        }

        return result;
    }

    /// <summary>Frames from 0 onward while each row is the next frame and decodes; says why it stopped early.</summary>
    private static (List<FrameRecord> Frames, string? StoppedBecause) KeepContiguousPrefix(EpisodeKey key, List<JournalRow> rows)
    {
        var frames = new List<FrameRecord>(rows.Count);
        foreach (var row in rows)
        {
            if (row.SequenceNr != frames.Count + 1)
            {
                return (frames, $"frame {frames.Count} is missing from the journal (next journaled is frame {row.SequenceNr - 1})");
            }

            try
            {
                frames.Add(FrameRecordCodec.Decode(key, row.SequenceNr, row.Manifest, row.Payload));
            }
            catch (JournalPayloadException exception)
            {
                return (frames, exception.Message);
            }
        }

        return (frames, null);
    }

    private static async Task<IReadOnlyList<EpisodeInfo>> ReadEpisodesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var episodes = new List<EpisodeInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            episodes.Add(ReadEpisode(reader));
        }

        return episodes;
    }

    private static async Task<List<JournalRow>> ReadRowsAsync(DbConnection connection, EpisodeKey key, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection,
            null,
            "SELECT sequence_nr, manifest, payload FROM journal WHERE persistence_id = @pid AND NOT deleted ORDER BY sequence_nr",
            ("pid", key.PersistenceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<JournalRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new JournalRow(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
        }

        return rows;
    }

    private sealed record JournalRow(long SequenceNr, string Manifest, byte[] Payload);
}
