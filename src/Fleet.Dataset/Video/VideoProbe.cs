using System.Globalization;
using System.Text.Json;

namespace Fleet.Dataset.Video;

/// <summary>
/// What ffprobe says about the first video stream of a file: codec, size, pixel format, frame rate, packet
/// (frame) count and duration. Packets are counted without decoding (<c>-count_packets</c>), which is exact
/// for the intra/inter-coded streams Fleet and LeRobot write (one packet per frame).
/// </summary>
/// <param name="Codec">Stream codec name (<c>av1</c>, <c>h264</c>).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="PixelFormat">Pixel format (<c>yuv420p</c>).</param>
/// <param name="Fps">Stream base frame rate (<c>r_frame_rate</c>).</param>
/// <param name="Frames">Number of video packets.</param>
/// <param name="DurationSeconds">Stream duration, or the container's when the stream has none.</param>
/// <param name="HasAudio">True when the file also has an audio stream.</param>
public sealed record VideoProbe(string Codec, int Width, int Height, string PixelFormat, double Fps, long Frames, double DurationSeconds, bool HasAudio)
{
    /// <summary>Probes <paramref name="path"/> with ffprobe.</summary>
    /// <exception cref="IOException">ffprobe cannot read the file or it has no video stream (message names the file).</exception>
    public static async Task<VideoProbe> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Video file '{path}' does not exist.", path);
        var json = await FfmpegProcess.RunAsync("ffprobe", [
            "-v", "error", "-count_packets", "-show_entries",
            "stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate,nb_read_packets,duration:format=duration",
            "-of", "json", path], ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        var streams = doc.RootElement.GetProperty("streams").EnumerateArray().ToArray();
        var video = streams.FirstOrDefault(s => s.TryGetProperty("codec_type", out var t) && t.GetString() == "video");
        if (video.ValueKind != JsonValueKind.Object) throw new IOException($"'{path}' has no video stream.");
        var duration = video.TryGetProperty("duration", out var d) ? ParseDouble(d.GetString())
            : doc.RootElement.TryGetProperty("format", out var f) && f.TryGetProperty("duration", out var fd) ? ParseDouble(fd.GetString()) : double.NaN;
        return new VideoProbe(
            video.GetProperty("codec_name").GetString() ?? "",
            video.GetProperty("width").GetInt32(),
            video.GetProperty("height").GetInt32(),
            video.TryGetProperty("pix_fmt", out var p) ? p.GetString() ?? "" : "",
            ParseRate(video.GetProperty("r_frame_rate").GetString()),
            video.TryGetProperty("nb_read_packets", out var n) ? long.Parse(n.GetString()!, CultureInfo.InvariantCulture) : 0,
            duration,
            streams.Any(s => s.TryGetProperty("codec_type", out var t) && t.GetString() == "audio"));
    }

    /// <summary>Presentation times (seconds) of every video packet, in presentation order, read without decoding.</summary>
    /// <exception cref="IOException">ffprobe cannot read the file.</exception>
    public static async Task<double[]> ReadPacketTimesAsync(string path, CancellationToken ct)
    {
        var csv = await FfmpegProcess.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", path], ct).ConfigureAwait(false);
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParseDouble).Where(t => !double.IsNaN(t)).Order().ToArray();
    }

    private static double ParseDouble(string? s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    private static double ParseRate(string? s)
    {
        var parts = (s ?? "0/1").Split('/');
        var num = ParseDouble(parts[0]);
        var den = parts.Length > 1 ? ParseDouble(parts[1]) : 1;
        return den == 0 ? 0 : num / den;
    }
}
