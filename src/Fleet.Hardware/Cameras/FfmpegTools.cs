using System.Diagnostics;
using System.Globalization;

namespace Fleet.Hardware.Cameras;

/// <summary>Where ffmpeg and ffprobe are, and the one probe the cameras need.</summary>
public static class FfmpegTools
{
    /// <summary>The ffmpeg executable: <c>FLEET_FFMPEG</c> when set, else <c>ffmpeg</c> from PATH.</summary>
    public static string Ffmpeg => Environment.GetEnvironmentVariable("FLEET_FFMPEG") is { Length: > 0 } p ? p : "ffmpeg";

    /// <summary>The ffprobe executable: <c>FLEET_FFPROBE</c> when set, else <c>ffprobe</c> from PATH.</summary>
    public static string Ffprobe => Environment.GetEnvironmentVariable("FLEET_FFPROBE") is { Length: > 0 } p ? p : "ffprobe";

    /// <summary>Width, height and frame rate of the first video stream of <paramref name="path"/>.</summary>
    /// <exception cref="CameraFailedException">ffprobe failed or the file has no video stream; the message quotes ffprobe.</exception>
    public static async Task<(int Width, int Height, double Fps)> ProbeVideoAsync(string camera, string path, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Ffprobe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate", "-of", "csv=p=0", path })
            info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CameraFailedException(camera, $"Camera '{camera}': could not run '{Ffprobe}': {e.Message}. Install ffmpeg (scripts/setup-arm.sh).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var fields = (await stdout.ConfigureAwait(false)).Trim().Split(',');
            if (process.ExitCode != 0 || fields.Length < 3
                || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out int w)
                || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out int h))
                throw new CameraFailedException(camera,
                    $"Camera '{camera}': '{path}' is not a readable video (ffprobe exit {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}).");
            return (w, h, ParseRate(fields[2]));
        }
    }

    private static double ParseRate(string rate)
    {
        var parts = rate.Split('/');
        if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var n)
            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var d) && n > 0 && d > 0)
            return n / d;
        return 30;
    }
}
