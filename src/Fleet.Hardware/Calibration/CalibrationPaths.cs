namespace Fleet.Hardware.Calibration;

/// <summary>
/// Where LeRobot keeps calibration files: <c>&lt;root&gt;/robots/&lt;type&gt;/&lt;id&gt;.json</c> for followers and
/// <c>&lt;root&gt;/teleoperators/&lt;type&gt;/&lt;id&gt;.json</c> for leaders. The root is <c>$HF_LEROBOT_CALIBRATION</c>,
/// else <c>$HF_LEROBOT_HOME/calibration</c>, else <c>$HF_HOME/lerobot/calibration</c>, else
/// <c>~/.cache/huggingface/lerobot/calibration</c>; an explicit directory (<c>--calibration-dir</c>) replaces the
/// <c>&lt;root&gt;/&lt;kind&gt;/&lt;type&gt;</c> part, as LeRobot's <c>calibration_dir</c> does.
/// </summary>
/// <remarks>
/// LeRobot renamed the type folders from <c>so101_follower</c>/<c>so101_leader</c> to <c>so_follower</c>/<c>so_leader</c>
/// in v0.4.3. Fleet writes the current names and, when reading, falls back to a file under the old name.
/// </remarks>
public static class CalibrationPaths
{
    /// <summary>The calibration root from the environment (see the class summary).</summary>
    /// <param name="environment">Environment lookup; tests pass their own, production passes <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public static string Root(Func<string, string?> environment)
    {
        if (NonEmpty(environment("HF_LEROBOT_CALIBRATION")) is { } explicitRoot) return explicitRoot;
        if (NonEmpty(environment("HF_LEROBOT_HOME")) is { } home) return Path.Combine(home, "calibration");
        var hfHome = NonEmpty(environment("HF_HOME"))
            ?? Path.Combine(NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface");
        return Path.Combine(hfHome, "lerobot", "calibration");
    }

    /// <summary>The file for arm <paramref name="armId"/> of <paramref name="role"/>.</summary>
    /// <param name="role">Follower (robots/) or leader (teleoperators/).</param>
    /// <param name="armId">The user's name for the arm (LeRobot's <c>--robot.id</c>).</param>
    /// <param name="calibrationDir">Explicit folder holding <c>&lt;id&gt;.json</c>, or null for the environment's root.</param>
    /// <param name="environment">Environment lookup.</param>
    public static string For(ArmRole role, string armId, string? calibrationDir, Func<string, string?> environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(armId);
        if (NonEmpty(calibrationDir) is { } dir) return Path.Combine(dir, armId + ".json");
        var root = Root(environment);
        var current = Path.Combine(root, KindFolder(role), TypeFolder(role), armId + ".json");
        var legacy = Path.Combine(root, KindFolder(role), LegacyTypeFolder(role), armId + ".json");
        return !File.Exists(current) && File.Exists(legacy) ? legacy : current;
    }

    /// <summary>"robots" or "teleoperators".</summary>
    public static string KindFolder(ArmRole role) => role == ArmRole.Follower ? "robots" : "teleoperators";

    /// <summary>"so_follower" or "so_leader" (LeRobot ≥ 0.4.3).</summary>
    public static string TypeFolder(ArmRole role) => role == ArmRole.Follower ? "so_follower" : "so_leader";

    /// <summary>"so101_follower" or "so101_leader" (LeRobot before 0.4.3).</summary>
    public static string LegacyTypeFolder(ArmRole role) => role == ArmRole.Follower ? "so101_follower" : "so101_leader";

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

/// <summary>Which side of a teleoperation pair an arm is.</summary>
public enum ArmRole
{
    /// <summary>The driven arm (a LeRobot "robot").</summary>
    Follower,

    /// <summary>The arm a person moves (a LeRobot "teleoperator").</summary>
    Leader,
}
