using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Recording;

/// <summary>
/// `fleet record` as a real process on a simulated follower teleoperated by a simulated leader (it plays back a
/// trajectory), non-interactive (stdin and stdout redirected).
/// </summary>
[Collection("recording processes")]
public sealed class RecordCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TempFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Config => _temp.Write("record.conf", """
        fleet.recording.video-codec = h264
        fleet.recording.voice = false
        fleet.policies { sine { type = sinusoid } }
        fleet.arms = [ { id = "arm-1", robot { type = so101_follower_sim }, cameras = [ { name = "front", width = 160, height = 120 } ], policy = sine } ]
        """);

    private string Dataset => Path.Combine(_temp.Dir, "teleop");

    [Fact]
    public async Task Record_should_teleoperate_and_record_episodes_and_resume_only_when_asked()
    {
        var (code, output) = await Record("--episodes", "2", "--episode-time", "2", "--reset-time", "1");

        Assert.True(code == 0, output);
        Assert.Contains("record: episode 1/2 reset", output);
        Assert.Contains("2 episodes saved", output);
        await DatasetChecks.AssertVerifiesAsync(Dataset);
        Assert.Equal(2, DatasetChecks.Totals(Dataset).Episodes);
        var rows = await DatasetChecks.DuckDbRowsAsync(Dataset);
        // The follower mirrors the leader's trajectory: actions (leader) and states (follower) both move.
        Assert.True(rows.Select(r => r.GetProperty("action").GetRawText()).Distinct().Count() > rows.Length / 2);
        Assert.True(rows.Select(r => r.GetProperty("observation.state").GetRawText()).Distinct().Count() > rows.Length / 2);

        var (again, refused) = await Record("--episodes", "1", "--episode-time", "1");
        Assert.Equal(1, again);
        Assert.Contains("already holds a dataset; pass --resume", refused);

        var (resumed, log) = await Record("--episodes", "1", "--episode-time", "1", "--resume");
        Assert.True(resumed == 0, log);
        await DatasetChecks.AssertVerifiesAsync(Dataset);
        Assert.Equal(3, DatasetChecks.Totals(Dataset).Episodes);
    }

    private Task<(int, string)> Record(params string[] args) =>
        NodeProcess.RunAsync(_temp.Dir, Limit, ["record", "--config", Config, "--task", "wave", "--dataset", Dataset, .. args]);
}
