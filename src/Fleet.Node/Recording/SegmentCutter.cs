using System.Diagnostics;
using System.Globalization;
using Fleet.Dataset.Video;

namespace Fleet.Node.Recording;

/// <summary>
/// Cuts the fragmented-MP4 prefix an interrupted encoder left to exactly the frames kept from the journal
/// (<c>ffmpeg -frames:v N</c>, re-encoded with the dataset's codec so the result is a complete, ordinary MP4).
/// </summary>
internal static class SegmentCutter
{
    /// <summary>Frames readable in <paramref name="path"/>, or 0 when the file is missing or unreadable.</summary>
    public static async Task<long> ReadableFramesAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return 0;
        try
        {
            return (await VideoProbe.ReadAsync(path, cancellationToken).ConfigureAwait(false)).Frames;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Rewrites <paramref name="path"/> in place with its first <paramref name="frames"/> frames.</summary>
    /// <exception cref="IOException">ffmpeg failed (message holds its stderr).</exception>
    public static async Task CutAsync(string path, long frames, int fps, VideoEncoderOptions video, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var temp = path + ".cut.mp4";
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-y", "-i", path, "-an", "-frames:v", frames.ToString(inv), "-r", fps.ToString(inv),
                     "-c:v", video.Codec, "-pix_fmt", video.PixelFormat, "-g", video.Gop.ToString(inv), "-crf", video.Crf.ToString(inv), "-preset", video.Preset,
                     "-movflags", "+faststart", temp,
                 })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new IOException("Could not start ffmpeg to cut a recovered video.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new IOException($"ffmpeg could not cut '{path}' to {frames} frames (exit code {process.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()}");
        File.Move(temp, path, overwrite: true);
    }
}
