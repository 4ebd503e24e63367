using System.Diagnostics;
using Fleet.Dataset.Journal;
using Fleet.Dataset.Tests.Journal.Infrastructure;

namespace Fleet.Dataset.Tests.Journal;

/// <summary>
/// kill -9 mid-episode (issue 5, section 8): a child process records through the real journal and is killed
/// with SIGKILL; reopening must show the finished episode intact and the interrupted one recoverable up to
/// its last committed batch.
/// </summary>
public sealed class SqliteCrashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Journal_KilledMidEpisode_FinishedIntactAndInterruptedRecoverable()
    {
        var path = Path.Combine(_folder, "journal.db");
        var confirmed = await RunChildUntilKilledAsync(path, minimumCommitted: 160);

        await using var journal = await SqliteJournal.OpenAsync(path, CancellationToken.None);

        var finished = await journal.GetEpisodeAsync(CrashHost.Finished, CancellationToken.None);
        Assert.Equal((EpisodeState.Finished, (long)CrashHost.FinishedFrames), (finished!.State, finished.FrameCount));
        Assert.Equal(TestFrames.Range(CrashHost.Finished, 0, CrashHost.FinishedFrames), await ReadAllAsync(journal, CrashHost.Finished));

        var interrupted = Assert.Single(await journal.GetInterruptedEpisodesAsync(CancellationToken.None));
        Assert.Equal(CrashHost.Interrupted, interrupted.Episode.Key);
        Assert.Null(interrupted.StoppedBecause);
        Assert.True(interrupted.Frames.Count >= confirmed, $"{interrupted.Frames.Count} frames recovered, but the child saw {confirmed} committed");
        Assert.Equal(interrupted.Episode.FrameCount, interrupted.Frames.Count);
        Assert.Equal(TestFrames.Range(CrashHost.Interrupted, 0, interrupted.Frames.Count), interrupted.Frames);

        var recovered = await journal.MarkRecoveredAsync(
            CrashHost.Interrupted, interrupted.Frames.Count, $"killed; kept {interrupted.Frames.Count} frames", CancellationToken.None);
        Assert.Equal(EpisodeState.Recovered, recovered.State);
    }

    private static async Task<long> RunChildUntilKilledAsync(string path, long minimumCommitted)
    {
        var assembly = typeof(SqliteCrashTests).Assembly.Location;
        var host = Environment.ProcessPath is { } self && Path.GetFileName(self) == "dotnet" ? self : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(assembly);
        info.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        info.Environment[CrashHost.PathVariable] = path;
        using var child = Process.Start(info)!;
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            long committed = 0;
            while (committed < minimumCommitted)
            {
                var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                    ?? throw new InvalidOperationException($"The crash host exited ({child.ExitCode}) before committing {minimumCommitted} frames:\n{await stderr}");
                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    committed = long.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            child.Kill(); // SIGKILL on Linux: no finally blocks, no flush, no SQLite close.
            await child.WaitForExitAsync();
            Assert.Equal(137, child.ExitCode);
            return committed;
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    private static async Task<List<FrameRecord>> ReadAllAsync(IJournal journal, EpisodeKey key)
    {
        var frames = new List<FrameRecord>();
        await foreach (var frame in journal.ReadFramesAsync(key, CancellationToken.None))
        {
            frames.Add(frame);
        }

        return frames;
    }
}
