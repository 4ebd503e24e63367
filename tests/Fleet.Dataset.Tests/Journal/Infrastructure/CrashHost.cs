using Fleet.Dataset.Journal;

namespace Fleet.Dataset.Tests.Journal.Infrastructure;

/// <summary>
/// The recording process that the crash test kills with SIGKILL. It runs inside a child <c>dotnet</c> process
/// started on this test assembly with a .NET startup hook (<see cref="global::StartupHook"/>), so the child is
/// the real journal code and no extra project is needed.
/// </summary>
/// <remarks>
/// It finishes episode 0 (<see cref="FinishedFrames"/> frames), then records episode 1 without end, printing
/// <c>committed N</c> after each flushed batch of episode 1, until it is killed (or a 60 s safety limit).
/// </remarks>
internal static class CrashHost
{
    public const string PathVariable = "FLEET_JOURNAL_CRASH_HOST_DB";
    public const int FinishedFrames = 90;
    public static readonly EpisodeKey Finished = new("crash", "arm-1", 0);
    public static readonly EpisodeKey Interrupted = new("crash", "arm-1", 1);

    public static async Task RunAsync(string path)
    {
        var journal = await SqliteJournal.OpenAsync(path, CancellationToken.None);
        var writer = new JournalWriter(journal, new JournalWriterOptions(MaxBatchSize: 16, MaxBatchDelay: TimeSpan.FromMilliseconds(5)));
        await journal.BeginEpisodeAsync(new EpisodeStart(Finished, "pick", 30), CancellationToken.None);
        foreach (var frame in TestFrames.Range(Finished, 0, FinishedFrames))
        {
            await writer.WriteAsync(frame, CancellationToken.None);
        }

        await writer.FinishEpisodeAsync(Finished, null, CancellationToken.None);
        await journal.BeginEpisodeAsync(new EpisodeStart(Interrupted, "pick", 30), CancellationToken.None);
        var until = DateTime.UtcNow.AddSeconds(60);
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            await writer.WriteAsync(TestFrames.Make(Interrupted, i), CancellationToken.None);
            if (i % 16 == 15)
            {
                await writer.FlushAsync(CancellationToken.None);
                Console.Out.WriteLine($"committed {i + 1}");
                Console.Out.Flush();
            }
        }
    }
}
