namespace Fleet.Dataset.Journal;

/// <summary>Finish, export, discard and recovery transitions of the episode table.</summary>
public abstract partial class SqlJournal
{
    /// <inheritdoc />
    public ValueTask<EpisodeInfo> FinishEpisodeAsync(EpisodeKey key, string? reason, CancellationToken cancellationToken) =>
        TransitionAsync(key, "finish", [EpisodeState.Recording], EpisodeState.Finished, reason, durable: true, cancellationToken);

    /// <inheritdoc />
    public ValueTask<EpisodeInfo> MarkExportedAsync(EpisodeKey key, CancellationToken cancellationToken) =>
        TransitionAsync(key, "mark exported", [EpisodeState.Finished, EpisodeState.Recovered], EpisodeState.Exported, null, durable: true, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<EpisodeInfo> DiscardEpisodeAsync(EpisodeKey key, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentNullException.ThrowIfNull(key);
        EpisodeState[] allowed = [EpisodeState.Recording, EpisodeState.Finished, EpisodeState.Recovered];
        return await InTransactionAsync($"discard episode {key}", durable: true, async (connection, transaction) =>
        {
            var updated = await ExecuteAsync(
                connection,
                transaction,
                "UPDATE episode SET state = 'discarded', reason = @reason, finished_at = COALESCE(finished_at, @at) " +
                "WHERE persistence_id = @pid AND state IN ('recording', 'finished', 'recovered')",
                cancellationToken,
                ("reason", reason),
                ("at", SqlTime.ToMicros(DateTimeOffset.UtcNow)),
                ("pid", key.PersistenceId));
            if (updated == 0)
            {
                throw await StateErrorAsync(connection, transaction, key, "discard", allowed, cancellationToken);
            }

            await ExecuteAsync(connection, transaction, "UPDATE journal SET deleted = TRUE WHERE persistence_id = @pid", cancellationToken, ("pid", key.PersistenceId));
            return (await FindEpisodeAsync(connection, transaction, key, cancellationToken))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<EpisodeInfo> MarkRecoveredAsync(EpisodeKey key, long keptFrames, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(keptFrames);
        return await InTransactionAsync($"mark episode {key} recovered", durable: true, async (connection, transaction) =>
        {
            var episode = await FindEpisodeAsync(connection, transaction, key, cancellationToken);
            if (episode?.State != EpisodeState.Recording)
            {
                throw await StateErrorAsync(connection, transaction, key, "mark recovered", [EpisodeState.Recording], cancellationToken);
            }

            if (keptFrames > episode.LastSequenceNr)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(keptFrames), keptFrames, $"Episode {key} journaled only {episode.LastSequenceNr} frames; it cannot keep {keptFrames}.");
            }

            await ExecuteAsync(
                connection,
                transaction,
                "UPDATE episode SET state = 'recovered', reason = @reason, finished_at = @at, frame_count = @kept, last_sequence_nr = @kept " +
                "WHERE persistence_id = @pid",
                cancellationToken,
                ("reason", reason),
                ("at", SqlTime.ToMicros(DateTimeOffset.UtcNow)),
                ("kept", keptFrames),
                ("pid", key.PersistenceId));
            await ExecuteAsync(
                connection, transaction, "UPDATE journal SET deleted = TRUE WHERE persistence_id = @pid AND sequence_nr > @kept",
                cancellationToken, ("pid", key.PersistenceId), ("kept", keptFrames));
            return (await FindEpisodeAsync(connection, transaction, key, cancellationToken))!;
        }, cancellationToken);
    }

    private async ValueTask<EpisodeInfo> TransitionAsync(
        EpisodeKey key, string action, EpisodeState[] from, EpisodeState to, string? reason, bool durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var fromList = string.Join(", ", from.Select(s => $"'{Name(s)}'"));
        return await InTransactionAsync($"{action} episode {key}", durable, async (connection, transaction) =>
        {
            var updated = await ExecuteAsync(
                connection,
                transaction,
                $"UPDATE episode SET state = '{Name(to)}', reason = COALESCE(@reason, reason), finished_at = COALESCE(finished_at, @at) " +
                $"WHERE persistence_id = @pid AND state IN ({fromList})",
                cancellationToken,
                ("reason", reason),
                ("at", SqlTime.ToMicros(DateTimeOffset.UtcNow)),
                ("pid", key.PersistenceId));
            if (updated == 0)
            {
                throw await StateErrorAsync(connection, transaction, key, action, from, cancellationToken);
            }

            return (await FindEpisodeAsync(connection, transaction, key, cancellationToken))!;
        }, cancellationToken);
    }
}
