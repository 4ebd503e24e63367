using Microsoft.Data.Sqlite;

namespace Fleet.Dataset.Journal;

/// <summary>Turns SQLite and file-system errors into <see cref="JournalStorageException"/> / <see cref="JournalStateException"/> with a remedy.</summary>
internal static class SqliteFaults
{
    // Primary result codes, https://www.sqlite.org/rescode.html
    private const int Busy = 5;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Constraint = 19;

    public static Exception? Translate(Exception exception, string operation, string path)
    {
        var folder = Path.GetDirectoryName(path);
        return exception switch
        {
            JournalStorageException or JournalStateException or JournalPayloadException => null,
            SqliteException { SqliteErrorCode: Full } e => new JournalStorageException(
                JournalStorageFault.DiskFull,
                $"Could not {operation}: the disk holding {path} is full. Recording stops; episodes finished earlier are intact. " +
                $"Free space in {folder} (or move the journal to a larger disk) and start again; the interrupted episode is recovered then.",
                e),
            SqliteException { SqliteErrorCode: ReadOnly } e => ReadOnlyFault(operation, path, folder, e),
            SqliteException { SqliteErrorCode: CantOpen or IoError } e when !IsWritable(folder) => ReadOnlyFault(operation, path, folder, e),
            SqliteException { SqliteErrorCode: CantOpen } e => new JournalStorageException(
                JournalStorageFault.Unavailable,
                $"Could not {operation}: SQLite cannot open or create {path} or its -wal/-shm files. " +
                $"Check that {folder} exists, is writable by this user and is not on a read-only mount.",
                e),
            SqliteException { SqliteErrorCode: Busy } e => new JournalStorageException(
                JournalStorageFault.Unavailable,
                $"Could not {operation}: another process held the write lock of {path} for more than 10 s. Stop the other Fleet process using this journal.",
                e),
            SqliteException { SqliteErrorCode: Constraint } e => new JournalStateException(
                $"Could not {operation} in {path}: {e.Message}. A frame index was journaled twice for one episode, " +
                "or the episode index is already taken; the recorder must number frames 0, 1, 2... once each."),
            SqliteException { SqliteErrorCode: IoError } e => new JournalStorageException(
                JournalStorageFault.Io,
                $"Could not {operation}: disk I/O error on {path} ({e.Message}). Check the disk (dmesg) before recording again.",
                e),
            UnauthorizedAccessException e => ReadOnlyFault(operation, path, folder, e),
            IOException e when e is not JournalStorageException => new JournalStorageException(
                JournalStorageFault.Unavailable, $"Could not {operation}: {e.Message} Check that {folder} can be created and written.", e),
            _ => null,
        };
    }

    /// <summary>
    /// SQLite reports a read-only folder as "unable to open" (it cannot create the -wal/-shm files), so
    /// the folder is probed with a real file creation to tell the operator the actual cause.
    /// </summary>
    private static bool IsWritable(string? folder)
    {
        if (folder is null || !Directory.Exists(folder))
        {
            return true;
        }

        try
        {
            using var probe = new FileStream(
                Path.Combine(folder, $".fleet-write-probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static JournalStorageException ReadOnlyFault(string operation, string path, string? folder, Exception e) =>
        new(
            JournalStorageFault.ReadOnly,
            $"Could not {operation}: {path} or its folder {folder} is read-only. Recording stops; episodes finished earlier are intact. " +
            "Remount the disk read-write or choose a writable dataset folder.",
            e);
}
