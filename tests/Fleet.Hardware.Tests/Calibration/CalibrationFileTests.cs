using Fleet.Hardware.Calibration;
using System.Text.Json;

namespace Fleet.Hardware.Tests.Calibration;

public class CalibrationFileTests
{
    // The shape draccus writes for LeRobot (indent 4, keys in this order); values from a public user file.
    private const string LeRobotFile = """
        {
            "shoulder_pan": {
                "id": 1,
                "drive_mode": 0,
                "homing_offset": -1399,
                "range_min": 874,
                "range_max": 2979
            },
            "shoulder_lift": {
                "id": 2,
                "drive_mode": 0,
                "homing_offset": 1020,
                "range_min": 815,
                "range_max": 3193
            },
            "elbow_flex": {
                "id": 3,
                "drive_mode": 0,
                "homing_offset": -1025,
                "range_min": 882,
                "range_max": 3092
            },
            "wrist_flex": {
                "id": 4,
                "drive_mode": 0,
                "homing_offset": 1478,
                "range_min": 842,
                "range_max": 3229
            },
            "wrist_roll": {
                "id": 5,
                "drive_mode": 0,
                "homing_offset": -1510,
                "range_min": 0,
                "range_max": 4095
            },
            "gripper": {
                "id": 6,
                "drive_mode": 0,
                "homing_offset": 1180,
                "range_min": 2031,
                "range_max": 3280
            }
        }
        """;

    [Fact]
    public void FromJson_lerobot_file_loads_every_motor()
    {
        var set = CalibrationFile.FromJson(LeRobotFile, "so_follower/arm.json");
        Assert.Equal(["shoulder_pan", "shoulder_lift", "elbow_flex", "wrist_flex", "wrist_roll", "gripper"], set.Names);
        Assert.Equal(new MotorCalibration(1, 0, -1399, 874, 2979), set["shoulder_pan"]);
        Assert.Equal(new MotorCalibration(6, 0, 1180, 2031, 3280), set["gripper"]);
    }

    [Fact]
    public void ToJson_reproduces_lerobots_text_byte_for_byte() =>
        Assert.Equal(LeRobotFile.ReplaceLineEndings("\n"), CalibrationFile.ToJson(CalibrationFile.FromJson(LeRobotFile, "x")));

    [Fact]
    public void ToJson_motor_entries_have_exactly_lerobots_keys_in_order()
    {
        using var doc = JsonDocument.Parse(CalibrationFile.ToJson(CalibrationFile.FromJson(LeRobotFile, "x")));
        foreach (var motor in doc.RootElement.EnumerateObject())
            Assert.Equal(["id", "drive_mode", "homing_offset", "range_min", "range_max"], motor.Value.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task SaveAsync_then_LoadAsync_round_trips()
    {
        var dir = Directory.CreateTempSubdirectory("fleet-cal-");
        try
        {
            var path = Path.Combine(dir.FullName, "robots", "so_follower", "arm-1.json");
            var set = CalibrationFile.FromJson(LeRobotFile, "x");
            await CalibrationFile.SaveAsync(set, path, CancellationToken.None);
            var loaded = await CalibrationFile.LoadAsync(path, CancellationToken.None);
            Assert.Equal(set.Entries, loaded.Entries);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void FromJson_missing_key_names_file_motor_and_key()
    {
        var e = Assert.Throws<InvalidDataException>(() => CalibrationFile.FromJson("""{"gripper": {"id": 6, "drive_mode": 0, "homing_offset": 1, "range_min": 2}}""", "cal.json"));
        Assert.Contains("cal.json", e.Message);
        Assert.Contains("'gripper'", e.Message);
        Assert.Contains("'range_max'", e.Message);
    }

    [Fact]
    public void FromJson_unknown_key_is_rejected() =>
        Assert.Contains("unknown key 'offset'", Assert.Throws<InvalidDataException>(() =>
            CalibrationFile.FromJson("""{"gripper": {"id": 6, "drive_mode": 0, "homing_offset": 1, "range_min": 2, "range_max": 3, "offset": 1}}""", "c.json")).Message);

    [Fact]
    public void FromJson_broken_json_names_file_and_line() =>
        Assert.Contains("c.json:2", Assert.Throws<InvalidDataException>(() => CalibrationFile.FromJson("{\n  \"a\": ,\n}", "c.json")).Message);

    [Fact]
    public void For_uses_hf_lerobot_calibration_then_home_defaults()
    {
        Assert.Equal("/cal/robots/so_follower/a.json",
            CalibrationPaths.For(ArmRole.Follower, "a", null, k => k == "HF_LEROBOT_CALIBRATION" ? "/cal" : null));
        Assert.Equal("/lh/calibration/teleoperators/so_leader/b.json",
            CalibrationPaths.For(ArmRole.Leader, "b", null, k => k == "HF_LEROBOT_HOME" ? "/lh" : null));
        Assert.Equal("/hf/lerobot/calibration/robots/so_follower/c.json",
            CalibrationPaths.For(ArmRole.Follower, "c", null, k => k == "HF_HOME" ? "/hf" : null));
        Assert.Equal("/home/u/.cache/huggingface/lerobot/calibration/robots/so_follower/d.json",
            CalibrationPaths.For(ArmRole.Follower, "d", null, k => k == "HOME" ? "/home/u" : null));
        Assert.Equal("/x/e.json", CalibrationPaths.For(ArmRole.Follower, "e", "/x", _ => "/ignored"));
    }

    [Fact]
    public void For_falls_back_to_pre_0_4_3_folder_when_only_it_has_the_file()
    {
        var root = Directory.CreateTempSubdirectory("fleet-cal-");
        try
        {
            var legacy = Path.Combine(root.FullName, "robots", "so101_follower", "old.json");
            Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
            File.WriteAllText(legacy, LeRobotFile);
            Assert.Equal(legacy, CalibrationPaths.For(ArmRole.Follower, "old", null, k => k == "HF_LEROBOT_CALIBRATION" ? root.FullName : null));
        }
        finally { root.Delete(true); }
    }
}
