using Fleet.Hardware.Calibration;
using Fleet.Hardware.Cameras;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Serial;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Node.Config;

namespace Fleet.Node.Fleets;

/// <summary>
/// Opens what an arm of <c>fleet.arms</c> drives: its simulator (for <c>so101_follower_sim</c>), its servo bus and
/// follower (connected, calibrated, configured, torque on), and a trial start of each camera. Every failure is a
/// <see cref="ConfigException"/> naming the arm, the key and what to do, so a node fails at start, not mid-motion.
/// </summary>
internal static class ArmHardware
{
    // The tick retries inside its own budget, so a lost reply must not eat a whole 33 ms tick; 20 ms of slack still
    // covers a USB adapter's latency timer and a loaded machine's scheduling delays.
    private static readonly FeetechBusOptions TickBus = new(LatencyMs: 20, ReadRetries: 1, WriteRetries: 1);

    private static readonly FeetechBusOptions SetupBus = new(LatencyMs: 150, ReadRetries: 3, WriteRetries: 3);

    /// <summary>Starts the simulator of a simulated arm on <paramref name="host"/>; null for a real arm.</summary>
    public static SimulatedArmBus? StartSimulator(ArmOptions arm, ServoBusHost host)
    {
        if (!arm.Robot.IsSimulated) return null;
        FaultSpec faults;
        try
        {
            faults = FaultSpec.Parse(arm.Robot.Faults);
        }
        catch (FormatException e)
        {
            throw new ConfigException.BadValue(arm.Robot.Origin, $"{arm.Path}.robot.faults", $"arm \"{arm.Id}\": {e.Message}");
        }
        return new SimulatedArmBus(host, new SimulatedArmOptions(Faults: faults));
    }

    /// <summary>Opens, checks and configures the follower of <paramref name="arm"/> on <paramref name="port"/>.</summary>
    public static async Task<So101Follower> OpenFollowerAsync(ArmOptions arm, string port, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var calibration = arm.Robot.IsSimulated ? SimulatedArmBus.DefaultCalibration : await LoadCalibrationAsync(arm, environment, cancellationToken);
        SerialPort serial;
        try
        {
            serial = SerialPort.Open(port);
        }
        catch (SerialPortException e)
        {
            var hint = e.Error switch
            {
                SerialPortError.NoSuchDevice => "the device does not exist; plug the arm in or fix the path (ls /dev/ttyACM* /dev/ttyUSB*)",
                SerialPortError.Busy => "another process (or another arm of this config) holds it; stop it or fix the path",
                SerialPortError.PermissionDenied => "add yourself to the dialout group or run as root",
                _ => "check the device",
            };
            throw new ConfigException.BadValue(arm.Robot.Origin, $"{arm.Path}.robot.port", $"arm \"{arm.Id}\": cannot open {port}: {e.Message}; {hint}");
        }
        var options = new So101ArmOptions(MaxRelativeTarget: arm.Robot.MaxRelativeTarget, DisableTorqueOnDisconnect: !arm.Robot.KeepTorqueOnExit);
        try
        {
            // Setting up is not time-critical: a patient bus over the same port, so a loaded machine does not fail the start.
            var setup = new So101Follower(new FeetechBus(serial, SetupBus, ownsPort: false), calibration, options);
            await ConnectWithRetriesAsync(setup, cancellationToken);
            if (!await setup.IsCalibratedAsync(cancellationToken)) await setup.WriteCalibrationAsync(calibration, cancellationToken);
            await setup.ConfigureAsync(cancellationToken);
        }
        catch (IOException e)
        {
            serial.Dispose();
            throw new ConfigException.BadValue(arm.Robot.Origin, $"{arm.Path}.robot",
                $"arm \"{arm.Id}\": the servos on {port} did not answer as an SO-101 should: {e.Message}");
        }
        return new So101Follower(new FeetechBus(serial, TickBus, ownsPort: true), calibration, options);
    }

    // A servo that misses one ping (a busy machine, a bus still settling) is asked again before the start fails.
    private static async Task ConnectWithRetriesAsync(So101Follower follower, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await follower.ConnectAsync(cancellationToken);
                return;
            }
            catch (ArmHandshakeException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Starts and stops each camera once, so a camera that cannot open fails the start.</summary>
    public static async Task CheckCamerasAsync(ArmOptions arm, CancellationToken cancellationToken)
    {
        foreach (var options in arm.Cameras)
        {
            ICamera camera;
            try
            {
                camera = options.Create();
            }
            catch (ArgumentException e)
            {
                throw new ConfigException.BadValue(options.Origin, $"{arm.Path}.cameras", $"arm \"{arm.Id}\": {e.Message}");
            }
            await using (camera)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(15));
                    await camera.StartAsync(timeout.Token);
                }
                catch (Exception e) when (e is CameraFailedException or IOException or OperationCanceledException or InvalidOperationException)
                {
                    throw new ConfigException.BadValue(options.Origin, $"{arm.Path}.cameras",
                        $"arm \"{arm.Id}\": camera \"{options.Name}\" ({options.Type}) cannot open: {e.Message}. Check the device or file (fleet camera list).");
                }
            }
        }
    }

    private static async Task<CalibrationSet> LoadCalibrationAsync(ArmOptions arm, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var path = CalibrationPaths.For(ArmRole.Follower, arm.Robot.CalibrationId ?? arm.Id, null, environment);
        if (!File.Exists(path))
            throw new ConfigException.BadValue(arm.Robot.Origin, $"{arm.Path}.robot.id",
                $"arm \"{arm.Id}\": no calibration at {path}; calibrate the arm first (fleet calibrate) or set robot.id to the calibration's id");
        try
        {
            return await CalibrationFile.LoadAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigException.BadValue(arm.Robot.Origin, $"{arm.Path}.robot.id", $"arm \"{arm.Id}\": calibration {path} is unreadable: {e.Message}");
        }
    }
}
