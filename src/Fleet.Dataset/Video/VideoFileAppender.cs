namespace Fleet.Dataset.Video;

/// <summary>
/// Places an episode's video segment into a dataset video file the way LeRobot does after each episode:
/// the first segment of a file becomes the file, later ones are concatenated onto it with the concat
/// demuxer as a stream copy (no re-encode), and the result is written with <c>+faststart</c>. The new file
/// is written beside the old one and then moved over it, so an interruption never leaves a half-written
/// dataset file.
/// </summary>
public static class VideoFileAppender
{
    /// <summary>
    /// Appends <paramref name="segment"/> to <paramref name="target"/> (creating it when absent). The exact
    /// durations are given to the concat demuxer because it would otherwise use the container duration, which
    /// MP4 rounds to milliseconds and which would shift every later frame off the i/fps grid.
    /// </summary>
    /// <param name="target">The dataset video file.</param>
    /// <param name="targetSeconds">Duration of what <paramref name="target"/> already holds (frames / fps).</param>
    /// <param name="segment">The episode's segment.</param>
    /// <param name="segmentSeconds">Duration of the segment (frames / fps).</param>
    /// <param name="ct">Cancels the remux.</param>
    /// <exception cref="IOException">ffmpeg failed (stderr in the message).</exception>
    public static async Task AppendAsync(string target, double targetSeconds, string segment, double segmentSeconds, CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var temp = target + ".tmp.mp4";
        var list = target + ".concat.txt";
        try
        {
            List<string> args;
            if (File.Exists(target))
            {
                await File.WriteAllTextAsync(list, $"ffconcat version 1.0\nfile '{Escape(target)}'\nduration {Seconds(targetSeconds)}\nfile '{Escape(segment)}'\nduration {Seconds(segmentSeconds)}\n", ct).ConfigureAwait(false);
                args = ["-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", list];
            }
            else
            {
                args = ["-hide_banner", "-loglevel", "error", "-y", "-i", segment];
            }
            args.AddRange(["-map", "0:v", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", temp]);
            await FfmpegProcess.RunAsync("ffmpeg", args, ct).ConfigureAwait(false);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(list);
            File.Delete(temp);
        }
    }

    private static string Seconds(double s) => s.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture);

    private static string Escape(string path) => System.IO.Path.GetFullPath(path).Replace("'", "'\\''");
}
