using Fleet.Hardware.Calibration;

namespace Fleet.Hardware.So101;

/// <summary>One joint of an SO-101 arm: LeRobot's motor name, bus id, and whether it is the gripper (0..100 scale).</summary>
public sealed record So101Motor(string Name, byte Id, bool IsGripper)
{
    /// <summary>The six motors of every SO-101 (follower and leader alike), in LeRobot's order.</summary>
    public static IReadOnlyList<So101Motor> All { get; } =
    [
        new("shoulder_pan", 1, false),
        new("shoulder_lift", 2, false),
        new("elbow_flex", 3, false),
        new("wrist_flex", 4, false),
        new("wrist_roll", 5, false),
        new("gripper", 6, true),
    ];

    /// <summary>Bus ids in motor order.</summary>
    public static byte[] Ids() => All.Select(m => m.Id).ToArray();

    /// <summary>Dataset feature names: "shoulder_pan.pos", … in motor order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = All.Select(m => m.Name + ".pos").ToArray();

    /// <summary>The normalization LeRobot uses for this motor.</summary>
    public NormMode Mode(bool useDegrees) => IsGripper ? NormMode.Range0To100 : useDegrees ? NormMode.Degrees : NormMode.RangeM100To100;
}
