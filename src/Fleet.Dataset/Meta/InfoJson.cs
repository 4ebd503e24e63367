using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Dataset.Export;
using Fleet.Dataset.Video;

namespace Fleet.Dataset.Meta;

/// <summary>
/// Builds and reads <c>meta/info.json</c> with the keys, order and values of LeRobot HEAD (research §2):
/// codebase_version, fps, features, totals, rolling limits, path templates, robot_type, splits.
/// </summary>
public static class InfoJson
{
    /// <summary>The format version Fleet writes.</summary>
    public const string CodebaseVersion = "v3.0";

    /// <summary>info.json <c>data_path</c>.</summary>
    public const string DataPath = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";

    /// <summary>info.json <c>video_path</c>.</summary>
    public const string VideoPath = "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";

    /// <summary>The five features LeRobot appends to every dataset, with their dtypes.</summary>
    public static readonly (string Key, string Dtype)[] DefaultFeatures =
        [("timestamp", "float32"), ("frame_index", "int64"), ("episode_index", "int64"), ("index", "int64"), ("task_index", "int64")];

    /// <summary>The features object for <paramref name="spec"/>: action, observation.state, cameras, then the defaults.</summary>
    public static JsonObject Features(DatasetSpec spec)
    {
        var features = new JsonObject
        {
            ["action"] = Vector(spec.ActionNames),
            ["observation.state"] = Vector(spec.StateNames),
        };
        foreach (var c in spec.Cameras)
        {
            features[c.Key] = new JsonObject
            {
                ["dtype"] = "video",
                ["shape"] = new JsonArray(c.Height, c.Width, 3),
                ["names"] = new JsonArray("height", "width", "channels"),
                ["info"] = new JsonObject { ["is_depth_map"] = false },
            };
        }
        foreach (var (key, dtype) in DefaultFeatures)
            features[key] = new JsonObject { ["dtype"] = dtype, ["shape"] = new JsonArray(1), ["names"] = null };
        return features;
    }

    private static JsonObject Vector(IReadOnlyList<string> names) => new()
    {
        ["dtype"] = "float32",
        ["names"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
        ["shape"] = new JsonArray(names.Count),
    };

    /// <summary>The camera feature's <c>info</c> object from the first episode's video and the encoder settings.</summary>
    public static JsonObject CameraInfo(VideoProbe probe, VideoEncoderOptions video)
    {
        JsonNode preset = int.TryParse(video.Preset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? JsonValue.Create(p) : JsonValue.Create(video.Preset);
        return new JsonObject
        {
            ["is_depth_map"] = false,
            ["video.height"] = probe.Height,
            ["video.width"] = probe.Width,
            ["video.codec"] = probe.Codec,
            ["video.pix_fmt"] = probe.PixelFormat,
            ["video.fps"] = (int)Math.Round(probe.Fps),
            ["video.channels"] = 3,
            ["has_audio"] = probe.HasAudio,
            ["video.g"] = video.Gop,
            ["video.crf"] = video.Crf,
            ["video.preset"] = preset,
            ["video.fast_decode"] = 0,
            ["video.video_backend"] = "pyav",
            ["video.extra_options"] = new JsonObject(),
        };
    }

    /// <summary>The whole info.json object.</summary>
    public static JsonObject Build(JsonObject features, int fps, int totalEpisodes, long totalFrames, int totalTasks,
        DatasetWriterOptions options, bool hasVideo, string robotType) => new()
    {
        ["codebase_version"] = CodebaseVersion,
        ["fps"] = fps,
        ["features"] = features.DeepClone(),
        ["total_episodes"] = totalEpisodes,
        ["total_frames"] = totalFrames,
        ["total_tasks"] = totalTasks,
        ["chunks_size"] = options.ChunksSize,
        ["data_files_size_in_mb"] = options.DataFileSizeMb,
        ["video_files_size_in_mb"] = options.VideoFileSizeMb,
        ["data_path"] = DataPath,
        ["video_path"] = hasVideo ? VideoPath : null,
        ["robot_type"] = robotType,
        ["splits"] = totalEpisodes == 0 ? new JsonObject() : new JsonObject { ["train"] = $"0:{totalEpisodes}" },
    };

    /// <summary>Reads the dataset spec back from an info.json Fleet (or LeRobot's record pipeline) wrote.</summary>
    /// <exception cref="InvalidDataException">A required key is missing or has the wrong type (message names it).</exception>
    public static DatasetSpec SpecFrom(JsonObject info, string file)
    {
        var features = info["features"] as JsonObject ?? throw new InvalidDataException($"{file}: no 'features' object.");
        var fps = Int(info, "fps", file);
        string[] Names(string key) => (features[key]?["names"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToArray()
            ?? throw new InvalidDataException($"{file}: feature '{key}' has no names list.");
        var cameras = features.Where(f => f.Value?["dtype"]?.GetValue<string>() == "video")
            .Select(f =>
            {
                var shape = f.Value!["shape"] as JsonArray ?? throw new InvalidDataException($"{file}: feature '{f.Key}' has no shape.");
                return new CameraSpec(f.Key.Replace("observation.images.", ""), shape[1]!.GetValue<int>(), shape[0]!.GetValue<int>());
            }).ToList();
        var firstInfo = cameras.Count == 0 ? null : features[cameras[0].Key]?["info"] as JsonObject;
        var codec = firstInfo?["video.codec"]?.GetValue<string>() == "h264" ? VideoEncoderOptions.H264 : VideoEncoderOptions.Av1;
        return new DatasetSpec(fps, info["robot_type"]?.GetValue<string>() ?? "", Names("observation.state"), Names("action"), cameras, codec);
    }

    /// <summary>Reads an integer key.</summary>
    /// <exception cref="InvalidDataException">Missing or not an integer.</exception>
    public static int Int(JsonObject obj, string key, string file) =>
        obj[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : throw new InvalidDataException($"{file}: '{key}' is missing or not an integer.");
}
