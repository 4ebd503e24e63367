using System.Threading.Channels;
using Fleet.Dataset.Journal;
using Fleet.Node.Config;
using Fleet.Node.Fleets;
using Fleet.Node.Recording;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Recording;

/// <summary>
/// The episode loop with operator commands (the keys of `fleet record`: → end early, ← re-record, Esc stop) on a real
/// teleoperation rig: a simulated follower mirrored from a simulated leader, a synthetic camera, live H.264 encoding,
/// the SQLite journal and the dataset writer.
/// </summary>
[Collection("recording processes")]
public sealed class RecordingSessionTests : IDisposable
{
    private readonly TempFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_should_discard_a_re_recorded_episode_keep_an_ended_one_and_stop_on_request()
    {
        var config = ConfigLoader.Load([_temp.Write("rig.conf", """
            fleet.recording.video-codec = h264
            fleet.policies { sine { type = sinusoid } }
            fleet.arms = [ { id = "arm-1", robot { type = so101_follower_sim }, cameras = [ { name = "front", width = 96, height = 64 } ], policy = sine } ]
            """)]);
        var settings = RecordingSettings.FromConfig(config);
        var arm = ArmOptions.FromConfig(config)[0];
        var dataset = Path.Combine(_temp.Dir, "ds");
        var log = new StringWriter();
        var commands = Channel.CreateUnbounded<EpisodeCommand>();
        await using var rig = await TeleopRig.OpenAsync(config, arm, _ => null, CancellationToken.None);
        await using (var session = await RecordingSession.OpenAsync(rig.System, FleetRecording.Targets([arm], dataset, settings.Video), settings, false, log, CancellationToken.None))
        {
            rig.Start();
            // Episodes of a minute each: only the commands can end them.
            var run = session.RunAsync(new EpisodePlan(5, TimeSpan.FromMinutes(1), TimeSpan.Zero, "wave"), commands.Reader, CancellationToken.None);

            await WaitForFramesAsync(session, 10);
            commands.Writer.TryWrite(EpisodeCommand.ReRecord);
            await WaitUntilAsync(() => log.ToString().Contains("episode 1/5 discarded"), "the re-record", log, run);
            await WaitForFramesAsync(session, 20);
            commands.Writer.TryWrite(EpisodeCommand.EndEarly);
            await WaitUntilAsync(() => log.ToString().Contains("episode 2/5 started"), "the next episode", log, run);
            await WaitForFramesAsync(session, 10);
            commands.Writer.TryWrite(EpisodeCommand.Stop);

            Assert.Equal(2, await run.WaitAsync(TimeSpan.FromMinutes(1)));
            var episodes = await session.Catalog.ListAsync("ds", CancellationToken.None);
            Assert.Equal([EpisodeState.Exported, EpisodeState.Exported], episodes.Select(e => e.State));
            Assert.Equal("ended early by operator", episodes[0].Reason);
            Assert.Equal("recording stopped by operator", episodes[1].Reason);
            Assert.True(episodes[0].FrameCount >= 20, $"episode 0 has {episodes[0].FrameCount} frames");
            Assert.Empty(session.Catalog.Recovered);
        }
        Assert.Contains("episode 1/5 stopped (ended early by operator)", log.ToString());
        await DatasetChecks.AssertVerifiesAsync(dataset);
        Assert.Equal(2, DatasetChecks.Totals(dataset).Episodes);
    }

    private static async Task WaitForFramesAsync(RecordingSession session, long frames)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = (await session.StatusAsync())[0];
            if (status.Recording is not null && status.Frames >= frames) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the recorder never reached {frames} frames in an episode (status {status})");
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, StringWriter log, Task run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (run.IsFaulted) await run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never saw {what}; log:\n{log}");
            await Task.Delay(20);
        }
    }
}
