using Fleet.Dataset.Video;

namespace Fleet.Dataset.Meta;

/// <summary>One camera recorded as a video feature <c>observation.images.&lt;Name&gt;</c>.</summary>
/// <param name="Name">Camera name, e.g. <c>front</c> or <c>wrist</c>; no '/' allowed.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
public sealed record CameraSpec(string Name, int Width, int Height)
{
    /// <summary>The feature key, e.g. <c>observation.images.front</c>.</summary>
    public string Key => "observation.images." + Name;
}

/// <summary>
/// What a dataset records: frame rate, robot type, the joint names of <c>observation.state</c> and
/// <c>action</c> (float32 vectors), the cameras, and how video is encoded.
/// </summary>
/// <param name="Fps">Frames per second; timestamps are frame_index / fps.</param>
/// <param name="RobotType">info.json <c>robot_type</c>, e.g. <c>so_follower</c>.</param>
/// <param name="StateNames">Names of the <c>observation.state</c> dimensions, in order.</param>
/// <param name="ActionNames">Names of the <c>action</c> dimensions, in order.</param>
/// <param name="Cameras">Cameras, in configuration order.</param>
/// <param name="Video">Encoder settings for every camera.</param>
public sealed record DatasetSpec(int Fps, string RobotType, IReadOnlyList<string> StateNames, IReadOnlyList<string> ActionNames,
    IReadOnlyList<CameraSpec> Cameras, VideoEncoderOptions Video)
{
    /// <summary>SO-101 follower joint names, as LeRobot names them.</summary>
    public static readonly string[] So101Joints =
        ["shoulder_pan.pos", "shoulder_lift.pos", "elbow_flex.pos", "wrist_flex.pos", "wrist_roll.pos", "gripper.pos"];

    /// <summary>An SO-101 follower dataset with the given cameras.</summary>
    public static DatasetSpec So101(int fps, IReadOnlyList<CameraSpec> cameras, VideoEncoderOptions? video = null) =>
        new(fps, "so_follower", So101Joints, So101Joints, cameras, video ?? VideoEncoderOptions.Av1);

    /// <summary>Specs are equal when fps, robot type, names, cameras and video settings all match.</summary>
    public bool Equals(DatasetSpec? other) =>
        other is not null && Fps == other.Fps && RobotType == other.RobotType && StateNames.SequenceEqual(other.StateNames)
        && ActionNames.SequenceEqual(other.ActionNames) && Cameras.SequenceEqual(other.Cameras) && Video == other.Video;

    /// <summary>Hash of fps, robot type and the vector and camera counts.</summary>
    public override int GetHashCode() => HashCode.Combine(Fps, RobotType, StateNames.Count, ActionNames.Count, Cameras.Count);

    /// <summary>Checks the spec; throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (Fps <= 0) throw new ArgumentException($"fps must be positive; got {Fps}.");
        if (StateNames.Count == 0 || ActionNames.Count == 0) throw new ArgumentException("observation.state and action need at least one name each.");
        foreach (var c in Cameras)
        {
            if (c.Name.Contains('/') || c.Name.Length == 0) throw new ArgumentException($"Camera name '{c.Name}' is empty or contains '/'; LeRobot feature names may not.");
            if (c.Width <= 0 || c.Height <= 0 || c.Width % 2 != 0 || c.Height % 2 != 0)
                throw new ArgumentException($"Camera '{c.Name}' is {c.Width}x{c.Height}; yuv420p needs positive even sizes.");
        }
        if (Cameras.Select(c => c.Name).Distinct().Count() != Cameras.Count) throw new ArgumentException("Camera names must be unique.");
    }
}
