using Fleet.Hardware.Calibration;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Node.Config;
using Fleet.Node.Fleets;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Fleets;

/// <summary>
/// Building a fleet from HOCON: configuration mistakes fail at start naming the arm, the key with its file:line and
/// the remedy; a real (so101_follower) arm on a simulator's serial port starts and shuts down with torque off.
/// </summary>
public sealed class FleetStartTests : IDisposable
{
    private const string Policies = "fleet.policies { sine { type = sinusoid, chunk-size = 20 } }\n";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private FleetConfig Load(string text) => ConfigLoader.Load([_files.Write("arms.conf", text)]);

    private async Task<ConfigException> StartFailsAsync(string text, Func<string, string?>? environment = null)
    {
        var config = Load(text);
        return await Assert.ThrowsAnyAsync<ConfigException>(() => FleetRuntime.StartAsync(config, environment, CancellationToken.None));
    }

    [Fact]
    public async Task Start_DuplicateArmId_FailsNamingBothElements()
    {
        var error = await StartFailsAsync(Policies + """
            fleet.arms = [
              { id = arm-1, robot { type = so101_follower_sim }, policy = sine }
              { id = arm-1, robot { type = so101_follower_sim }, policy = sine }
            ]
            """);
        Assert.Contains("arms.conf:4:", error.Message);
        Assert.Contains("fleet.arms[1].id", error.Message);
        Assert.Contains("\"arm-1\" is already used by fleet.arms[0]", error.Message);
    }

    [Fact]
    public async Task Start_UnknownRobotType_FailsListingTheTypes()
    {
        var error = await StartFailsAsync(Policies + "fleet.arms = [ { id = a, robot { type = so100 }, policy = sine } ]");
        Assert.Contains("arms.conf:2:", error.Message);
        Assert.Contains("fleet.arms[0].robot.type", error.Message);
        Assert.Contains("arm \"a\": unknown robot type \"so100\"; use so101_follower", error.Message);
    }

    [Fact]
    public async Task Start_RealArmWithoutPort_FailsAskingForTheDevice()
    {
        var error = await StartFailsAsync(Policies + "fleet.arms = [ { id = a, robot { type = so101_follower }, policy = sine } ]");
        Assert.Contains("fleet.arms[0].robot.port is missing", error.Message);
        Assert.Contains("/dev/ttyACM0", error.Message);
    }

    [Fact]
    public async Task Start_PortDoesNotExist_FailsNamingThePort()
    {
        using var calibration = new CalibrationFolder("a");
        var error = await StartFailsAsync(Policies + "fleet.arms = [ { id = a, robot { type = so101_follower, port = \"/dev/ttyFLEETNOPE\" }, policy = sine } ]",
            calibration.Environment);
        Assert.Contains("fleet.arms[0].robot.port", error.Message);
        Assert.Contains("cannot open /dev/ttyFLEETNOPE", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task Start_PortHeldByAnotherProcess_FailsSayingItIsBusy()
    {
        using var sim = new SimulatedArmBus();
        using var holder = FeetechBus.Open(sim.PortPath);
        using var calibration = new CalibrationFolder("a");
        var error = await StartFailsAsync(Policies + $"fleet.arms = [ {{ id = a, robot {{ type = so101_follower, port = \"{sim.PortPath}\" }}, policy = sine }} ]",
            calibration.Environment);
        Assert.Contains($"cannot open {sim.PortPath}", error.Message);
        Assert.Contains("another process", error.Message);
    }

    [Fact]
    public async Task Start_RealArmWithoutCalibration_FailsPointingAtCalibrate()
    {
        using var calibration = new CalibrationFolder("someone-else");
        var error = await StartFailsAsync(Policies + "fleet.arms = [ { id = a, robot { type = so101_follower, port = \"/dev/null\" }, policy = sine } ]",
            calibration.Environment);
        Assert.Contains("fleet.arms[0].robot.id", error.Message);
        Assert.Contains("no calibration at", error.Message);
        Assert.Contains("fleet calibrate", error.Message);
    }

    [Fact]
    public async Task Start_PolicyNotDefined_FailsListingTheDefinedPolicies()
    {
        var error = await StartFailsAsync(Policies + "fleet.arms = [ { id = a, robot { type = so101_follower_sim }, policy = smolvla } ]");
        Assert.Contains("fleet.arms[0].policy", error.Message);
        Assert.Contains("no policy named \"smolvla\" in fleet.policies (defined: sine)", error.Message);
    }

    [Fact]
    public async Task Start_UnknownPolicyType_FailsNamingTheEntry()
    {
        var error = await StartFailsAsync("fleet.policies { p { type = diffusion } }\nfleet.arms = [ { id = a, robot { type = so101_follower_sim }, policy = p } ]");
        Assert.Contains("arms.conf:1:", error.Message);
        Assert.Contains("fleet.policies.p", error.Message);
        Assert.Contains("unknown policy type 'diffusion'", error.Message);
    }

    [Fact]
    public async Task Start_CameraThatCannotOpen_FailsNamingTheArmAndCamera()
    {
        var error = await StartFailsAsync(Policies +
            "fleet.arms = [ { id = a, robot { type = so101_follower_sim }, policy = sine, cameras = [ { name = top, type = video_file, path = \"/nonexistent/clip.mp4\" } ] } ]");
        Assert.Contains("fleet.arms[0].cameras", error.Message);
        Assert.Contains("arm \"a\"", error.Message);
        Assert.Contains("'/nonexistent/clip.mp4' does not exist", error.Message);
    }

    [Fact]
    public async Task Start_RealArmOnASerialPort_RunsAndShutdownDisablesTorque()
    {
        using var sim = new SimulatedArmBus();
        using var calibration = new CalibrationFolder("lab-arm");
        var config = Load(Policies + $"fleet.arms = [ {{ id = a, robot {{ type = so101_follower, port = \"{sim.PortPath}\", id = lab-arm }}, policy = sine }} ]");

        var runtime = await FleetRuntime.StartAsync(config, calibration.Environment, CancellationToken.None);
        await using (runtime)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await runtime.StatusAsync()).Arms.Single().Executed < 30)
            {
                Assert.True(DateTime.UtcNow < deadline, "the arm never executed 30 actions");
                await Task.Delay(20);
            }
            Assert.All(So101Motor.All, m => Assert.Equal(1, sim.Simulator.WithServo(m.Id, s => s.Get(ControlTable.TorqueEnable))));
            await runtime.ShutdownAsync(new Actors.ShutdownReason("test"));
        }

        Assert.All(So101Motor.All, m => Assert.Equal(0, sim.Simulator.WithServo(m.Id, s => s.Get(ControlTable.TorqueEnable))));
        Assert.True(runtime.Released!.Single().TorqueDisabled);
        var final = runtime.FinalStatus!.Arms.Single();
        Assert.True(final.Executed >= 30 && final.ChunksReceived >= 2, $"{final.Executed} actions, {final.ChunksReceived} chunks");
    }

    /// <summary>A calibration folder laid out as LeRobot's (robots/so_follower/ID.json) with the simulator's calibration.</summary>
    private sealed class CalibrationFolder : IDisposable
    {
        private readonly TempFiles _dir = new();

        public CalibrationFolder(string id)
        {
            var path = CalibrationPaths.For(ArmRole.Follower, id, null, Environment);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, CalibrationFile.ToJson(SimulatedArmBus.DefaultCalibration));
        }

        public string? Environment(string name) => name == "HF_LEROBOT_CALIBRATION" ? _dir.Dir : null;

        public void Dispose() => _dir.Dispose();
    }
}
