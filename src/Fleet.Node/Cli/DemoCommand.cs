using System.CommandLine;
using System.Globalization;
using System.Text;
using Fleet.Node.Config;
using Fleet.Node.Fleets;
using Fleet.Node.Recording;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet demo</c>: the embedded default and the README's first command. Four simulated SO-101 arms (servo-bus
/// simulators on pseudo-terminals, served in this process) with synthetic cameras, driven through the local policy
/// pool by a sinusoid policy with simulated inference latency (hocon/demo.conf), with a live status table on a
/// terminal. <c>--duration S --summary-json F</c> runs S seconds, writes the per-arm summary and exits 0.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The demo's configuration, shipped beside the executable.</summary>
    public static string DemoConfigPath => Path.Combine(AppContext.BaseDirectory, "hocon", "demo.conf");

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var duration = new Option<double?>("--duration", "-d") { Description = "Seconds to run, then stop and exit 0 (default: until Ctrl-C).", HelpName = "SECONDS" };
        var summary = new Option<FileInfo?>("--summary-json") { Description = "Write the per-arm summary (ticks, starvation_ticks, jitter_p99_ms, chunks_received) to FILE at the end.", HelpName = "FILE" };
        var arms = new Option<int?>("--arms") { Description = "Run this many simulated arms instead of the demo's four (copies of arm-1).", HelpName = "N" };
        var demo = new Command("demo", "Run simulated arms with synthetic cameras and the local policy pool, with a live status table.");
        demo.Options.Add(duration);
        demo.Options.Add(summary);
        demo.Options.Add(arms);
        var config = ConfigFileOption.AddTo(demo);
        var record = DemoRecordOptions.AddTo(demo); // recording: --record DIR --episodes N --episode-time S --reset-time S
        demo.SetAction((parseResult, cancellationToken) => ConfigFileOption.RunAsync(parseResult, async () =>
        {
            var seconds = parseResult.GetValue(duration);
            var count = parseResult.GetValue(arms);
            var problem = seconds is <= 0 || seconds is double.NaN ? $"--duration {seconds} must be a positive number of seconds, e.g. --duration 30."
                : count is < 1 or > 512 ? $"--arms {count} must lie between 1 and 512."
                : null;
            if (problem is not null)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"fleet demo: {problem}");
                return ConfigFileOption.BadConfigExitCode;
            }
            // --arms N is a generated layer between demo.conf and the user's files: nothing is written to disk.
            var layers = new List<ConfigLayer> { ConfigLayer.File(DemoConfigPath) };
            if (count is { } n) layers.Add(ConfigLayer.Generated($"fleet demo --arms {n}", ArmsLayer(n)));
            layers.AddRange((parseResult.GetValue(config) ?? []).Select(ConfigLayer.File));
            var merged = ConfigLoader.LoadLayers(layers);
            Config.Options.AdminOptions.FromConfig(merged); // refuse an unprotected admin API before any arm moves
            await using var runtime = await FleetRuntime.StartAsync(merged, null, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            await using var recording = await record.StartAsync(parseResult, runtime, merged, output, cancellationToken);
            var status = await FleetSession.RunAsync(runtime, seconds is { } s ? TimeSpan.FromSeconds(s) : null,
                merged.GetDuration("fleet.demo.refresh"), output, cancellationToken, merged, recording?.Run,
                recording is null ? null : new CatalogEpisodeControl(recording.Catalog));
            foreach (var arm in status.Arms)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{arm.ArmId}: {arm.Ticks} ticks, {arm.Executed} actions, {arm.ChunksReceived} chunks, {arm.StarvationTicks} starvation ticks, jitter p99 {arm.Tick.JitterP99.TotalMilliseconds:0.00} ms, {arm.Tick.Overruns} overruns"));
            if (parseResult.GetValue(summary) is { } file) await FleetSummary.WriteAsync(status, file.FullName, CancellationToken.None);
            return recording is null ? 0 : await recording.ReportAsync(output, parseResult.InvocationConfiguration.Error);
        }));
        return demo;
    }

    // N simulated arms shaped like the demo's arm-1, as a config layer over demo.conf.
    private static string ArmsLayer(int count)
    {
        var text = new StringBuilder("fleet.arms = [\n");
        for (int i = 1; i <= count; i++)
            text.Append(CultureInfo.InvariantCulture,
                $"  {{ id = \"arm-{i}\", robot {{ type = so101_follower_sim }}, cameras = [ {{ name = \"front\", width = 320, height = 240 }} ], policy = demo-sine, task = \"wave\" }}\n");
        text.Append("]\n");
        return text.ToString();
    }
}
