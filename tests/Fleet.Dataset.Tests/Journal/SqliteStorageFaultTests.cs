using Fleet.Dataset.Journal;
using Fleet.Dataset.Tests.Journal.Infrastructure;

namespace Fleet.Dataset.Tests.Journal;

/// <summary>
/// Disk full and read-only folder (issue 5, section 8): recording stops with a clear error and the episodes
/// finished earlier stay intact. Real faults: a tiny tmpfs and a read-only bind mount.
/// </summary>
public sealed class SqliteStorageFaultTests : IDisposable
{
    private static readonly EpisodeKey Earlier = new("lab", "arm-1", 0);
    private static readonly EpisodeKey Current = new("lab", "arm-1", 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-fault-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [MountFact]
    public async Task JournalWriter_DiskFills_StopsWithDiskFullAndEarlierEpisodeIntact()
    {
        var path = Path.Combine(_folder, "journal.db");
        using (FileSystemFault.SmallDisk(_folder, 1024 * 1024))
        {
            var journal = await SqliteJournal.OpenAsync(path, CancellationToken.None);
            await RecordFinishedAsync(journal, 200);
            await journal.BeginEpisodeAsync(new EpisodeStart(Current, "pick", 30), CancellationToken.None);
            var writer = new JournalWriter(journal, new JournalWriterOptions(MaxBatchSize: 32, MaxBatchDelay: TimeSpan.Zero));

            var stopped = await Assert.ThrowsAsync<JournalWriterStoppedException>(async () =>
            {
                for (var i = 0; i < 1_000_000; i++)
                {
                    await writer.WriteAsync(TestFrames.Make(Current, i), CancellationToken.None);
                }
            });

            var full = Assert.IsType<JournalStorageException>(stopped.InnerException);
            Assert.Equal(JournalStorageFault.DiskFull, full.Kind);
            Assert.Contains($"the disk holding {path} is full", full.Message);
            Assert.Contains("episodes finished earlier are intact", full.Message);
            var committed = writer.CommittedFrames;
            await journal.DisposeAsync();

            await using var reopened = await SqliteJournal.OpenAsync(path, CancellationToken.None);
            Assert.Equal(TestFrames.Range(Earlier, 0, 200), await ReadAllAsync(reopened, Earlier));
            var interrupted = Assert.Single(await reopened.GetInterruptedEpisodesAsync(CancellationToken.None));
            Assert.Equal(TestFrames.Range(Current, 0, (int)committed), interrupted.Frames);
        }
    }

    [MountFact]
    public async Task OpenAsync_FolderMadeReadOnly_ThrowsReadOnlyAndEpisodeIntactAfterwards()
    {
        var path = Path.Combine(_folder, "journal.db");
        await using (var journal = await SqliteJournal.OpenAsync(path, CancellationToken.None))
        {
            await RecordFinishedAsync(journal, 60);
        }

        using (FileSystemFault.ReadOnly(_folder))
        {
            var error = await Assert.ThrowsAsync<JournalStorageException>(() => SqliteJournal.OpenAsync(path, CancellationToken.None).AsTask());

            Assert.Equal(JournalStorageFault.ReadOnly, error.Kind);
            Assert.Contains(path, error.Message);
            Assert.Contains("read-only", error.Message);
        }

        await using var reopened = await SqliteJournal.OpenAsync(path, CancellationToken.None);
        Assert.Equal(TestFrames.Range(Earlier, 0, 60), await ReadAllAsync(reopened, Earlier));
        Assert.Equal(EpisodeState.Finished, (await reopened.GetEpisodeAsync(Earlier, CancellationToken.None))!.State);
    }

    private static async Task RecordFinishedAsync(IJournal journal, int frames)
    {
        await journal.BeginEpisodeAsync(new EpisodeStart(Earlier, "pick", 30), CancellationToken.None);
        await journal.AppendAsync(TestFrames.Range(Earlier, 0, frames), CancellationToken.None);
        await journal.FinishEpisodeAsync(Earlier, null, CancellationToken.None);
    }

    private static async Task<List<FrameRecord>> ReadAllAsync(IJournal journal, EpisodeKey key)
    {
        var list = new List<FrameRecord>();
        await foreach (var frame in journal.ReadFramesAsync(key, CancellationToken.None))
        {
            list.Add(frame);
        }

        return list;
    }
}
