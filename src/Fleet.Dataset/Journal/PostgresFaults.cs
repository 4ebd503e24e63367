using System.Net.Sockets;
using Npgsql;

namespace Fleet.Dataset.Journal;

/// <summary>Turns PostgreSQL and Npgsql errors into <see cref="JournalStorageException"/> / <see cref="JournalStateException"/> with a remedy.</summary>
internal static class PostgresFaults
{
    public static Exception? Translate(Exception exception, string operation, string journal) => exception switch
    {
        JournalStorageException or JournalStateException or JournalPayloadException => null,
        PostgresException { SqlState: "53100" } e => new JournalStorageException(
            JournalStorageFault.DiskFull,
            $"Could not {operation}: the disk of {journal} is full ({e.MessageText}). Recording stops; episodes finished earlier are intact. " +
            "Free space on the database server and start again; the interrupted episode is recovered then.",
            e),
        PostgresException { SqlState: "25006" } e => new JournalStorageException(
            JournalStorageFault.ReadOnly,
            $"Could not {operation}: {journal} is read-only ({e.MessageText}); it may be a standby. Point the journal at the primary.",
            e),
        PostgresException { SqlState: "23505" } e => new JournalStateException(
            $"Could not {operation} in {journal}: {e.MessageText} ({e.ConstraintName}). A frame index was journaled twice for one episode, " +
            "or the episode index is already taken; the recorder must number frames 0, 1, 2... once each."),
        PostgresException { SqlState: "28000" or "28P01" or "3D000" } e => new JournalStorageException(
            JournalStorageFault.Unavailable,
            $"Could not {operation}: {journal} refused the login ({e.MessageText}). Check the user, password (.pgpass) and database name.",
            e),
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } e => new JournalStorageException(
            JournalStorageFault.Unavailable,
            $"Could not {operation}: {journal} is unreachable ({e.InnerException!.Message}). Check that the server runs and accepts connections.",
            e),
        _ => null,
    };
}
