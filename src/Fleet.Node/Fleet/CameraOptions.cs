using Fleet.Hardware.Cameras;
using Fleet.Node.Config;

namespace Fleet.Node.Fleets;

/// <summary>One element of an arm's <c>cameras</c> list.</summary>
/// <param name="Name">The camera's name (image key).</param>
/// <param name="Type">synthetic, video_file or v4l2.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="Path">video_file: the video.</param>
/// <param name="Device">v4l2: the device.</param>
/// <param name="InputFormat">v4l2: mjpeg or yuyv422.</param>
/// <param name="Origin">Where the element was written.</param>
public sealed record CameraOptions(
    string Name, string Type, int Width, int Height, double Fps, string? Path, string? Device, string InputFormat, ConfigOrigin? Origin)
{
    /// <summary>
    /// v4l2 with mjpeg: keep the camera's own JPEG on each frame (<c>keep-jpeg</c>), so a robot node in a cluster sends
    /// it untouched instead of encoding the pixels again (<c>fleet.cluster.wire.camera-jpeg</c>).
    /// </summary>
    public bool KeepJpeg { get; init; }

    /// <summary>The camera types <c>type</c> accepts.</summary>
    public static IReadOnlyList<string> Types { get; } = ["synthetic", "video_file", "v4l2"];

    /// <summary>Makes a new, unstarted camera of this kind (each call a fresh instance, for restarts).</summary>
    public ICamera Create() => Type switch
    {
        "synthetic" => new SyntheticCamera(new SyntheticCameraOptions(Name, Width, Height, Fps)),
        "video_file" => new VideoFileCamera(new VideoFileCameraOptions(Name, Path!, Width, Height, Fps)),
        _ => new FfmpegV4l2Camera(new FfmpegV4l2CameraOptions(Name, Device!, Width, Height, Fps, InputFormat) { KeepJpeg = KeepJpeg }),
    };

    internal static IReadOnlyList<CameraOptions> BindAll(FleetConfig arm, string path, string armId)
    {
        var template = arm.GetConfig("cameras-template").Root;
        var cameras = arm.GetConfigList("cameras").Select((element, i) =>
        {
            var camera = new FleetConfig(ConfigObject.Merge(element.Root, template));
            var at = $"{path}.cameras[{i}]";
            var name = camera.HasPath("name") ? camera.GetString("name")
                : throw new ConfigException.Missing(element.Root.Origin, $"{at}.name", $"arm \"{armId}\": every camera needs a name (its image key, e.g. \"front\")");
            var type = camera.GetString("type");
            if (!Types.Contains(type))
                throw new ConfigException.BadValue(camera.OriginOf("type"), $"{at}.type",
                    $"arm \"{armId}\", camera \"{name}\": unknown camera type \"{type}\"; use {string.Join(", ", Types)}");
            string? Optional(string key) => camera.HasPath(key) ? camera.GetString(key) : null;
            var options = new CameraOptions(name, type, camera.GetInt("width"), camera.GetInt("height"), camera.GetDouble("fps"),
                Optional("path"), Optional("device"), camera.GetString("input-format"), element.Root.Origin)
            {
                KeepJpeg = camera.GetBoolean("keep-jpeg"),
            };
            if (options.KeepJpeg && (type != "v4l2" || options.InputFormat != "mjpeg"))
                throw new ConfigException.BadValue(camera.OriginOf("keep-jpeg"), $"{at}.keep-jpeg",
                    $"arm \"{armId}\", camera \"{name}\": keep-jpeg keeps a V4L2 camera's own MJPEG, so it needs type = \"v4l2\" and input-format = \"mjpeg\"");
            if (type == "video_file" && options.Path is null)
                throw new ConfigException.Missing(element.Root.Origin, $"{at}.path", $"arm \"{armId}\", camera \"{name}\": a video_file camera needs path = the video to play");
            if (type == "v4l2" && options.Device is null)
                throw new ConfigException.Missing(element.Root.Origin, $"{at}.device", $"arm \"{armId}\", camera \"{name}\": a v4l2 camera needs device, e.g. \"/dev/video0\" (fleet camera list)");
            return options;
        }).ToList();
        var duplicate = cameras.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ConfigException.BadValue(arm.OriginOf("cameras"), $"{path}.cameras", $"arm \"{armId}\" has two cameras named \"{duplicate.Key}\"; names are image keys and must be unique");
        return cameras;
    }
}
