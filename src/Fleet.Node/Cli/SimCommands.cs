using System.CommandLine;
using System.Text.Json;
using Fleet.Hardware.Calibration;
using Fleet.Hardware.Simulation;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet sim bus --arms N [--leader] [--faults SPEC] [--json]</c>: serves simulated SO-101 buses on pseudo-terminals,
/// prints one line per arm (<c>{"arm":"sim-1","follower":"/dev/pts/5","leader":"/dev/pts/6"}</c> with --json) and
/// serves until SIGTERM or Ctrl-C.
/// </summary>
internal static class SimCommands
{
    /// <summary>Builds the <c>sim</c> palette.</summary>
    public static Command Create()
    {
        var sim = new Command("sim", "Simulated hardware.");
        sim.Subcommands.Add(CreateBus());
        return sim;
    }

    private static Command CreateBus()
    {
        var arms = new Option<int>("--arms") { Description = "Number of simulated arms.", DefaultValueFactory = _ => 1 };
        var leader = new Option<bool>("--leader") { Description = "Also simulate a leader arm per follower, playing back a smooth trajectory." };
        var faults = new Option<string?>("--faults") { Description = "Faults to inject, e.g. drop=0.05,corrupt=0.01,noise=0.1:8,delay=0.02:30,error=overload@6,disconnect=2s,seed=7 (docs/hardware.md)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per arm." };
        var noTiming = new Option<bool>("--no-timing") { Description = "Answer at once instead of after the simulated wire time." };
        var calibrationDir = new Option<string?>("--calibration-dir")
        {
            Description = "Also write each simulated arm's calibration in LeRobot's layout under this root (robots/so_follower/sim-N.json, teleoperators/so_leader/sim-N.json).",
        };
        var bus = new Command("bus", "Serve simulated STS3215 buses (ids 1..6, 1000000 baud, calibrated mid-range) until killed.");
        foreach (var o in new Option[] { arms, leader, faults, json, noTiming, calibrationDir }) bus.Options.Add(o);
        bus.SetAction((parse, ct) => CliErrors.ReportAsync(() => ServeAsync(parse.GetValue(arms), parse.GetValue(leader), FaultSpec.Parse(parse.GetValue(faults)),
            parse.GetValue(json), !parse.GetValue(noTiming), parse.GetValue(calibrationDir), ct)));
        return bus;
    }

    private static async Task<int> ServeAsync(int armCount, bool withLeader, FaultSpec faults, bool json, bool timing, string? calibrationDir, CancellationToken ct)
    {
        if (armCount < 1) throw new FormatException($"--arms must be at least 1, got {armCount}.");
        using var host = new ServoBusHost();
        var buses = new List<SimulatedArmBus>();
        try
        {
            for (var i = 1; i <= armCount; i++)
            {
                var name = $"sim-{i}";
                var follower = new SimulatedArmBus(host, new SimulatedArmOptions(Faults: faults, RealisticTiming: timing));
                buses.Add(follower);
                SimulatedArmBus? leader = null;
                if (withLeader)
                {
                    leader = new SimulatedArmBus(host, new SimulatedArmOptions(Leader: true, RealisticTiming: timing, TrajectoryPhase: i * 0.7));
                    buses.Add(leader);
                }
                if (calibrationDir is not null) await WriteCalibrationsAsync(calibrationDir, name, leader is not null, ct);
                Console.WriteLine(json
                    ? JsonSerializer.Serialize(new { arm = name, follower = follower.PortPath, leader = leader?.PortPath })
                    : $"{name}: follower {follower.PortPath}{(leader is null ? "" : $", leader {leader.PortPath}")}");
            }
            Console.Out.Flush();
            using var signals = new TerminationSignals(ct);
            try { await Task.Delay(Timeout.Infinite, signals.Token); }
            catch (OperationCanceledException) { }
            return 0;
        }
        finally
        {
            foreach (var b in buses) b.Dispose();
        }
    }

    private static async Task WriteCalibrationsAsync(string root, string name, bool leader, CancellationToken ct)
    {
        string? Env(string key) => key == "HF_LEROBOT_CALIBRATION" ? root : null;
        await CalibrationFile.SaveAsync(SimulatedArmBus.DefaultCalibration, CalibrationPaths.For(ArmRole.Follower, name, null, Env), ct);
        if (leader) await CalibrationFile.SaveAsync(SimulatedArmBus.DefaultCalibration, CalibrationPaths.For(ArmRole.Leader, name, null, Env), ct);
    }
}
