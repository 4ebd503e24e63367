using System.Text.Json;
using Fleet.Node.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Fleet.Node.Tests.Recording;

/// <summary>
/// `fleet demo --record` as a real process on simulated arms: the dataset it writes verifies and DuckDB reads it; a
/// node killed with SIGKILL mid-episode recovers the interrupted episode on its next start; a folder that turns
/// read-only stops recording with a clear error and leaves earlier episodes intact. H.264 keeps the 2-core CI fast.
/// </summary>
[Collection("recording processes")]
public sealed class DemoRecordTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TempFiles _temp = new();

    private string H264Config => _temp.Write("h264.conf", "fleet.recording.video-codec = h264\n");

    private string Dataset => Path.Combine(_temp.Dir, "ds");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Demo_record_should_write_a_dataset_that_verifies_and_DuckDB_reads()
    {
        var (code, output) = await NodeProcess.RunAsync(_temp.Dir, Limit,
            "demo", "--arms", "1", "--record", Dataset, "--episodes", "2", "--episode-time", "3", "--duration", "100", "--config", H264Config);

        Assert.True(code == 0, output);
        Assert.Contains("episode 2/2 started", output);
        await DatasetChecks.AssertVerifiesAsync(Dataset);
        var (episodes, frames) = DatasetChecks.Totals(Dataset);
        Assert.Equal(2, episodes);
        var rows = await DatasetChecks.DuckDbRowsAsync(Dataset);
        Assert.Equal(frames, rows.Length);
        Assert.Equal([0L, 1L], rows.Select(r => r.GetProperty("episode_index").GetInt64()).Distinct().Order());
        Assert.Equal(Enumerable.Range(0, rows.Length).Select(i => (long)i), rows.Select(r => r.GetProperty("index").GetInt64()));
        // The sine policy moves the arm: the journaled actions and states are real, changing values.
        Assert.True(Distinct(rows, "action") > rows.Length / 2, "the recorded actions barely change");
        Assert.True(Distinct(rows, "observation.state") > rows.Length / 2, "the recorded states barely change");
    }

    [Fact]
    public async Task Demo_record_killed_mid_episode_should_recover_the_interrupted_episode_on_restart()
    {
        long journaled;
        using (var node = NodeProcess.Start(_temp.Dir,
                   "demo", "--arms", "1", "--record", Dataset, "--episodes", "3", "--episode-time", "6", "--config", H264Config))
        {
            await node.WaitUntilAsync(() => node.Output.Contains("episode-0 saved"), Limit, "episode 0 saved");
            await node.WaitUntilAsync(() => JournaledFrames("ds/arm-1/episode-1") >= 30, Limit, "30 frames of episode 1 journaled");
            await node.KillHardAsync();
            journaled = JournaledFrames("ds/arm-1/episode-1");
        }

        // Restart, and ask the running node's admin API (on a free port) what recovery did: `fleet episode list` reads it.
        var anyPort = _temp.Write("admin.conf", "fleet.admin.port = 0\n");
        int code;
        string output;
        using (var node = NodeProcess.Start(_temp.Dir,
                   "demo", "--arms", "1", "--record", Dataset, "--episodes", "1", "--episode-time", "4", "--config", H264Config, "--config", anyPort))
        {
            await node.WaitUntilAsync(() => AdminUrl(node.Output) is not null, Limit, "the admin API's URL on stderr");
            using var http = new HttpClient { BaseAddress = new Uri(AdminUrl(node.Output)!) };
            using var episodes = JsonDocument.Parse(await http.GetStringAsync("api/episodes"));
            var first = episodes.RootElement.EnumerateArray().Single(e => e.GetProperty("index").GetInt64() == 1);
            Assert.StartsWith("recovered after a crash", first.GetProperty("reason").GetString());
            code = await node.WaitForExitAsync(Limit);
            output = node.Output;
        }

        Assert.True(code == 0, output);
        Assert.Contains("recovery: episode ds/arm-1/episode-1 recovered", output);
        Assert.Contains("ds/arm-1/episode-2 saved", output);
        await DatasetChecks.AssertVerifiesAsync(Dataset);
        Assert.Equal(3, DatasetChecks.Totals(Dataset).Episodes);
        var rows = await DatasetChecks.DuckDbRowsAsync(Dataset);
        var recovered = rows.Count(r => r.GetProperty("episode_index").GetInt64() == 1);
        // Kept: the journaled frames, less at most the few camera frames still queued for ffmpeg when the process died.
        Assert.InRange(recovered, Math.Min(journaled, 20), journaled);
    }

    [MountFact]
    public async Task Demo_record_into_a_folder_turned_read_only_should_stop_with_a_clear_error_and_keep_earlier_episodes()
    {
        int code;
        string output;
        using (var node = NodeProcess.Start(_temp.Dir,
                   "demo", "--arms", "1", "--record", Dataset, "--episodes", "4", "--episode-time", "3", "--config", H264Config))
        {
            await node.WaitUntilAsync(() => node.Output.Contains("episode-0 saved"), Limit, "episode 0 saved");
            using (ReadOnlyFolder.Mount(Dataset))
            {
                code = await node.WaitForExitAsync(Limit);
                output = node.Output;
            }
        }

        Assert.True(code == 1, $"exit code {code}:\n{output}");
        Assert.Contains("fleet: recording failed: Arm 'arm-1'", output);
        Assert.Contains("Read-only file system", output);
        await DatasetChecks.AssertVerifiesAsync(Dataset);
        Assert.Equal(1, DatasetChecks.Totals(Dataset).Episodes);
        var rows = await DatasetChecks.DuckDbRowsAsync(Dataset);
        Assert.Equal(DatasetChecks.Totals(Dataset).Frames, rows.Length);
    }

    private long JournaledFrames(string persistenceId)
    {
        var file = Path.Combine(Dataset, ".fleet", "fleet-journal.db");
        if (!File.Exists(file)) return 0;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = $pid";
        command.Parameters.AddWithValue("$pid", persistenceId);
        try
        {
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // the schema is not created yet
        }
    }

    private static int Distinct(JsonElement[] rows, string column) =>
        rows.Select(r => r.GetProperty(column).GetRawText()).Distinct().Count();

    private static string? AdminUrl(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, @"admin API and dashboard at (\S+)") is { Success: true } m ? m.Groups[1].Value : null;
}
