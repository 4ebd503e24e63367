namespace Fleet.Dataset.Video;

/// <summary>
/// How camera streams are encoded. The default is LeRobot's: libsvtav1, yuv420p, a keyframe every 2 frames
/// (random access for training), crf 30, preset 12. <see cref="H264"/> trades file size for far less CPU on
/// weak machines. Binds the HOCON section <c>fleet.dataset.video</c>.
/// </summary>
/// <param name="Codec">ffmpeg encoder name: <c>libsvtav1</c> or <c>libx264</c>.</param>
/// <param name="Gop">Frames between keyframes (<c>-g</c>).</param>
/// <param name="Crf">Constant rate factor (<c>-crf</c>); lower is better quality and bigger files.</param>
/// <param name="Preset">Encoder preset: a number 0–13 for libsvtav1 (higher is faster), a name for libx264.</param>
/// <param name="PixelFormat">Output pixel format (<c>yuv420p</c>).</param>
/// <param name="QueueFrames">Frames an encoder may hold before new frames are dropped and counted (LeRobot's <c>encoder_queue_maxsize</c>).</param>
public sealed record VideoEncoderOptions(string Codec = "libsvtav1", int Gop = 2, int Crf = 30, string Preset = "12",
    string PixelFormat = "yuv420p", int QueueFrames = 30)
{
    /// <summary>LeRobot's default AV1 settings.</summary>
    public static VideoEncoderOptions Av1 { get; } = new();

    /// <summary>H.264 for weak CPUs: same GOP and crf, libx264's fastest preset.</summary>
    public static VideoEncoderOptions H264 { get; } = new("libx264", 2, 30, "ultrafast");

    /// <summary>The codec name ffprobe reports for streams this encoder makes (info.json <c>video.codec</c>).</summary>
    public string StreamCodecName => Codec switch
    {
        "libsvtav1" or "libaom-av1" or "av1" => "av1",
        "libx264" or "h264" => "h264",
        "libx265" or "hevc" => "hevc",
        _ => Codec,
    };

    /// <summary>The encoder arguments for ffmpeg, after the input.</summary>
    internal IReadOnlyList<string> EncoderArguments()
    {
        var args = new List<string> { "-c:v", Codec, "-pix_fmt", PixelFormat, "-g", Gop.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-crf", Crf.ToString(System.Globalization.CultureInfo.InvariantCulture), "-preset", Preset };
        if (Codec == "libsvtav1") args.AddRange(["-svtav1-params", "fast-decode=0"]);
        return args;
    }
}
