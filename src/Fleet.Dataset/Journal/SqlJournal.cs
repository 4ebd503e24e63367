using System.Data.Common;

namespace Fleet.Dataset.Journal;

/// <summary>
/// The engine-neutral part of the SQL journal: episode lifecycle, recovery and reads, written once in SQL
/// that SQLite and PostgreSQL both accept. Engines supply connections, transactions, the bulk frame insert
/// and the translation of their errors.
/// </summary>
/// <remarks>
/// Every public operation is one transaction. Appends first update each episode's row (which checks it is
/// recording), then insert the frames, so a batch for an episode that is not recording writes nothing.
/// </remarks>
public abstract partial class SqlJournal : IJournal
{
    /// <summary>Columns of the episode table in the order <see cref="ReadEpisode"/> reads them.</summary>
    private protected const string EpisodeColumns =
        "persistence_id, dataset, episode_index, arm_id, task, fps, state, started_at, finished_at, frame_count, last_sequence_nr, reason";

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public async ValueTask<EpisodeInfo> BeginEpisodeAsync(EpisodeStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.Fps <= 0)
        {
            throw new ArgumentException($"Episode {start.Key}: fps must be positive, got {start.Fps}.", nameof(start));
        }

        return await InTransactionAsync($"begin episode {start.Key}", durable: false, async (connection, transaction) =>
        {
            var existing = await FindEpisodeAsync(connection, transaction, start.Key, cancellationToken);
            if (existing is not null && existing.State != EpisodeState.Discarded)
            {
                throw new JournalStateException(
                    $"Episode {start.Key} already exists in {Description} and is {Name(existing.State)}; only a discarded episode can be begun again. " +
                    "Use the next free episode index, or discard this one first.");
            }

            await ThrowIfIndexTakenAsync(connection, transaction, start.Key, cancellationToken);
            if (existing is not null)
            {
                await ExecuteAsync(connection, transaction, "DELETE FROM journal WHERE persistence_id = @pid", cancellationToken, ("pid", start.Key.PersistenceId));
                await ExecuteAsync(connection, transaction, "DELETE FROM episode WHERE persistence_id = @pid", cancellationToken, ("pid", start.Key.PersistenceId));
            }

            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO episode (persistence_id, dataset, episode_index, arm_id, task, fps, state, started_at, frame_count, last_sequence_nr) " +
                "VALUES (@pid, @ds, @idx, @arm, @task, @fps, 'recording', @at, 0, 0)",
                cancellationToken,
                ("pid", start.Key.PersistenceId),
                ("ds", start.Key.Dataset),
                ("idx", start.Key.EpisodeIndex),
                ("arm", start.Key.ArmId),
                ("task", start.Task),
                ("fps", start.Fps),
                ("at", SqlTime.ToMicros(DateTimeOffset.UtcNow)));
            return (await FindEpisodeAsync(connection, transaction, start.Key, cancellationToken))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(IReadOnlyList<FrameRecord> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            return;
        }

        var created = SqlTime.ToMicros(DateTimeOffset.UtcNow);
        await InTransactionAsync($"append {frames.Count} frames", durable: false, async (connection, transaction) =>
        {
            foreach (var group in frames.GroupBy(f => f.Episode))
            {
                await CountFramesAsync(connection, transaction, group.Key, group.Count(), group.Max(f => f.SequenceNr), cancellationToken);
            }

            await InsertFramesAsync(connection, transaction, frames, created, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Inserts the journal rows of <paramref name="frames"/> inside <paramref name="transaction"/>.</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">The append's transaction.</param>
    /// <param name="frames">The frames, in order.</param>
    /// <param name="createdMicros">The <c>created</c> value of every row (microseconds since the Unix epoch).</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>A task that completes when every row is inserted.</returns>
    private protected abstract Task InsertFramesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<FrameRecord> frames, long createdMicros, CancellationToken cancellationToken);

    /// <summary>Opens (or takes exclusive use of) a connection; released with <see cref="ReleaseAsync"/>.</summary>
    private protected abstract ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken);

    /// <summary>Gives back a connection taken with <see cref="AcquireAsync"/>.</summary>
    private protected abstract ValueTask ReleaseAsync(DbConnection connection);

    /// <summary>Begins a write transaction that holds the engine's write lock from its first statement.</summary>
    private protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Rolls back a transaction whose body or commit failed; must leave it completed so that disposing it does nothing.</summary>
    private protected virtual async ValueTask RollBackAfterFailureAsync(DbConnection connection, DbTransaction transaction)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }

    /// <summary>Makes the commit of <paramref name="transaction"/> durable against power loss before it returns.</summary>
    private protected virtual Task RequireDurableCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Maps an engine exception to a <see cref="JournalStorageException"/> or <see cref="JournalStateException"/>; null to let it pass unchanged.</summary>
    /// <param name="exception">The engine's exception.</param>
    /// <param name="operation">What was being done, e.g. "append 100 frames".</param>
    private protected abstract Exception? Translate(Exception exception, string operation);

    private async ValueTask CountFramesAsync(
        DbConnection connection, DbTransaction transaction, EpisodeKey key, int count, long lastSequenceNr, CancellationToken cancellationToken)
    {
        var updated = await ExecuteAsync(
            connection,
            transaction,
            "UPDATE episode SET frame_count = frame_count + @n, " +
            "last_sequence_nr = CASE WHEN last_sequence_nr > @last THEN last_sequence_nr ELSE @last END " +
            "WHERE persistence_id = @pid AND state = 'recording'",
            cancellationToken,
            ("n", (long)count),
            ("last", lastSequenceNr),
            ("pid", key.PersistenceId));
        if (updated == 0)
        {
            throw await StateErrorAsync(connection, transaction, key, "append frames to", [EpisodeState.Recording], cancellationToken);
        }
    }

    private async ValueTask ThrowIfIndexTakenAsync(DbConnection connection, DbTransaction transaction, EpisodeKey key, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection, transaction, "SELECT persistence_id FROM episode WHERE dataset = @ds AND episode_index = @idx AND persistence_id <> @pid",
            ("ds", key.Dataset), ("idx", key.EpisodeIndex), ("pid", key.PersistenceId));
        if (await command.ExecuteScalarAsync(cancellationToken) is string other)
        {
            throw new JournalStateException(
                $"Episode index {key.EpisodeIndex} of dataset '{key.Dataset}' is already taken by {other} in {Description}; " +
                $"arm '{key.ArmId}' must record under another episode index.");
        }
    }
}
