using System.Diagnostics;
using System.Text.Json;
using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Node.Tests.Cli;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Fleets;

/// <summary>`fleet demo` and `fleet run` as real processes.</summary>
public sealed class FleetProcessTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Demo_DurationAndSummaryJson_ExitsZeroAndWritesEveryArm()
    {
        var summary = Path.Combine(_files.Dir, "summary.json");

        var result = await FleetProcess.RunAsync(_files.Dir, null, "demo", "--duration", "5", "--summary-json", summary);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(summary));
        var arms = doc.RootElement.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(["arm-1", "arm-2", "arm-3", "arm-4"], arms.Select(a => a.GetProperty("id").GetString()));
        foreach (var arm in arms)
        {
            var id = arm.GetProperty("id").GetString();
            // 5 s at 30 Hz is 150 ticks; a loaded machine may start late, never run long.
            Assert.InRange(arm.GetProperty("ticks").GetInt64(), 90, 170);
            Assert.True(arm.GetProperty("chunks_received").GetInt64() >= 3, $"{id}: too few chunks");
            Assert.Equal(0, arm.GetProperty("starvation_ticks").GetInt64());
            Assert.True(arm.GetProperty("jitter_p99_ms").GetDouble() >= 0, $"{id}: jitter_p99_ms missing");
        }
    }

    [Fact]
    public async Task Run_Sigterm_ShutsDownCleanlyWithTorqueOff()
    {
        using var sim = new SimulatedArmBus();
        var calibrationRoot = Path.Combine(_files.Dir, "calibration");
        var calibrationPath = CalibrationPaths.For(ArmRole.Follower, "lab-arm", null, n => n == "HF_LEROBOT_CALIBRATION" ? calibrationRoot : null);
        Directory.CreateDirectory(Path.GetDirectoryName(calibrationPath)!);
        await File.WriteAllTextAsync(calibrationPath, CalibrationFile.ToJson(SimulatedArmBus.DefaultCalibration));
        var config = _files.Write("run.conf", $$"""
            fleet.policies { sine { type = sinusoid, chunk-size = 20, simulated-latency = 20ms } }
            fleet.arms = [ { id = lab-1, robot { type = so101_follower, port = "{{sim.PortPath}}", id = lab-arm }, policy = sine } ]
            """);

        var start = Cli.FleetProcess.StartInfo(_files.Dir, ["run", "--config", config]);
        start.Environment["HF_LEROBOT_CALIBRATION"] = calibrationRoot;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(firstLine?.Contains("1 arms running") == true, $"first line: {firstLine}; stderr: {(process.HasExited ? await stderr : "(still running)")}");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        // Moving: the goal registers change as the policy's chunks execute.
        var goal = sim.Simulator.WithServo(1, s => s.Get(ControlTable.GoalPosition));
        while (sim.Simulator.WithServo(1, s => s.Get(ControlTable.GoalPosition)) == goal)
        {
            Assert.True(DateTime.UtcNow < deadline, "the arm never moved");
            await Task.Delay(20);
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var rest = await process.StandardOutput.ReadToEndAsync();

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{rest}\n{await stderr}");
        Assert.All(So101Motor.All, m => Assert.Equal(0, sim.Simulator.WithServo(m.Id, s => s.Get(ControlTable.TorqueEnable))));
    }
}
